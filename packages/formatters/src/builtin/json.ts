import type { LintMessage } from '@pcilint/core';
import type { FileResult } from '../results.js';

/**
 * ESLint's `json` formatter: JSON.stringify of ESLint's LintResult[]. Messages
 * drop pcilint's internal `range`; `skipped` is the one non-ESLint field, set
 * on files that are not libvirt domains. Never coloured.
 */
export function formatJson(results: readonly FileResult[]): string {
  return JSON.stringify(results.map(toEslintResult));
}

/** The same bytes as formatJson, written one result at a time (a fleet's results are never all in memory). */
export class JsonWriter {
  private count = 0;

  constructor(private readonly write: (chunk: string) => void) {}

  add(result: FileResult): void {
    this.write((this.count++ === 0 ? '[' : ',') + JSON.stringify(toEslintResult(result)));
  }

  finish(): void {
    this.write(this.count === 0 ? '[]\n' : ']\n');
  }
}

export function toEslintResult(result: FileResult): Record<string, unknown> {
  return {
    filePath: result.filePath,
    messages: result.messages.map(toEslintMessage),
    suppressedMessages: (result.suppressedMessages ?? []).map((m) => ({ ...toEslintMessage(m), suppressions: m.suppressions.map((s) => ({ kind: s.kind, justification: s.justification })) })),
    errorCount: result.errorCount,
    fatalErrorCount: result.fatalErrorCount,
    warningCount: result.warningCount,
    fixableErrorCount: result.fixableErrorCount,
    fixableWarningCount: result.fixableWarningCount,
    ...(result.messages.length > 0 ? { source: result.source } : {}),
    usedDeprecatedRules: [],
    ...(result.output !== undefined ? { output: result.output } : {}),
    ...(result.skipped !== undefined ? { skipped: result.skipped } : {}),
    ...(result.stats !== undefined ? { stats: result.stats } : {}),
  };
}

function toEslintMessage(message: LintMessage): Record<string, unknown> {
  return {
    ruleId: message.ruleId,
    severity: message.severity,
    message: message.message,
    line: message.line,
    column: message.column,
    ...(message.messageId !== undefined ? { messageId: message.messageId } : {}),
    endLine: message.endLine,
    endColumn: message.endColumn,
    ...(message.fatal ? { fatal: true } : {}),
    ...(message.fix ? { fix: { range: [message.fix.range[0], message.fix.range[1]], text: message.fix.text } } : {}),
  };
}
