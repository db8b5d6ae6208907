import { lazyModule } from '@pcilint/core';
import type { FormatterMessage } from './formatter-results.js';

// A built-in loaded on first use: start-up pays only for what a run needs.
const crypto = lazyModule<typeof import('node:crypto')>('node:crypto', import.meta.url);

/**
 * Fingerprints for one file's messages that survive unrelated edits: they
 * hash the file's repository path, the rule, the kind of message
 * (messageId, or the text for problems without a rule) and the stable path
 * of the node the message is about, never the line or column. Two messages
 * with the same key get an occurrence number, so every fingerprint of a
 * report is unique (GitLab drops duplicates).
 */
export function fingerprintsOf(filePath: string, messages: readonly FormatterMessage[]): string[] {
  const seen = new Map<string, number>();
  return messages.map((message) => {
    const key = [filePath, message.ruleId ?? '', message.messageId ?? message.message, message.nodePath ?? `${message.line}:${message.column}`].join('\u0000');
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    return crypto().createHash('sha256').update(`${key}\u0000${occurrence}`).digest('hex').slice(0, 32);
  });
}
