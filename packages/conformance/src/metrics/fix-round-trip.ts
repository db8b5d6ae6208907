import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fixText, lintText } from '@pcilint/core';
import type { CorpusLinter } from '../corpus-linter.js';
import { listedFiles, type Corpus } from '../manifest.js';

/** One way a fix went wrong on a corpus input. */
export interface FixFailure {
  readonly file: string;
  readonly problem: 'does not parse' | 'not idempotent' | 'adds errors' | 'crashed';
  readonly detail: string;
}

export interface FixRoundTripMetric {
  /** Input XML files fixed (every listed input on disk). */
  readonly files: number;
  /** Of those, files --fix changed. */
  readonly changed: number;
  /** Changed files whose fixed text still parses. */
  readonly parses: number;
  /** Changed files that a second fix leaves as they are. */
  readonly idempotent: number;
  /** Changed files with no more errors of any rule than before. */
  readonly noNewErrors: number;
  readonly failures: readonly FixFailure[];
}

/**
 * `--fix` over every input XML of the corpus (issue 9 part 7), in memory with
 * the recommended configuration: the output must parse, a second fix must
 * change nothing, and no rule may report more errors than on the input.
 * (That libvirt still accepts the fixed guests is checked live by
 * `npm run test:integration`.)
 */
export function measureFixRoundTrip(corpus: Corpus, linter: CorpusLinter): FixRoundTripMetric {
  const failures: FixFailure[] = [];
  let files = 0;
  let changed = 0;
  let parses = 0;
  let idempotent = 0;
  let noNewErrors = 0;
  const errorsByRule = (messages: readonly { severity: number; ruleId: string | null }[]) => {
    const counts = new Map<string, number>();
    for (const m of messages) if (m.severity === 2) counts.set(m.ruleId ?? '(parse)', (counts.get(m.ruleId ?? '(parse)') ?? 0) + 1);
    return counts;
  };
  for (const { file, role } of listedFiles(corpus)) {
    if (role !== 'input' || !file.endsWith('.xml')) continue;
    let text: string;
    try {
      text = readFileSync(isAbsolute(file) ? file : join(corpus.dir, file), 'utf8');
    } catch {
      continue;
    }
    files++;
    try {
      const first = fixText(text, linter.config);
      if (!first.fixed) continue;
      changed++;
      const fatal = first.result.messages.find((m) => m.fatal);
      if (fatal) {
        failures.push({ file, problem: 'does not parse', detail: fatal.message });
        continue;
      }
      parses++;
      const second = fixText(first.output, linter.config);
      if (second.output === first.output) idempotent++;
      else failures.push({ file, problem: 'not idempotent', detail: Object.keys(second.appliedByRule).join(', ') });
      const before = errorsByRule(lintText(text, linter.config, { computeFixes: false }).messages);
      const added = [...errorsByRule(first.result.messages)].filter(([rule, n]) => n > (before.get(rule) ?? 0)).map(([rule]) => rule);
      if (added.length === 0) noNewErrors++;
      else failures.push({ file, problem: 'adds errors', detail: added.join(', ') });
    } catch (error) {
      failures.push({ file, problem: 'crashed', detail: error instanceof Error ? error.message : String(error) });
    }
  }
  return { files, changed, parses, idempotent, noNewErrors, failures };
}
