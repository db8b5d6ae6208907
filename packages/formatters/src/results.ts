import type { LintMessage, LintResult, SuppressedMessage } from '@pcilint/core';

/** One linted file, with ESLint's counters; the formatters only read this. */
export interface FileResult {
  /** Absolute path, or `<text>` for --stdin without --stdin-filename. */
  readonly filePath: string;
  readonly messages: readonly LintMessage[];
  /** Findings silenced by a directive or the suppressions file (never counted). */
  readonly suppressedMessages?: readonly SuppressedMessage[];
  readonly errorCount: number;
  readonly fatalErrorCount: number;
  readonly warningCount: number;
  readonly fixableErrorCount: number;
  readonly fixableWarningCount: number;
  /** The text, kept for formatters that show it (ESLint's `source`). */
  readonly source: string;
  /** Why the file was not linted (not a libvirt <domain>). */
  readonly skipped?: string;
  /** The fixed text, when --fix or --fix-dry-run changed it (ESLint's `output`). */
  readonly output?: string;
  /** --stats: milliseconds per stage and rule (json only; ESLint's `stats`). */
  readonly stats?: unknown;
}

/** Applies --quiet (errors only, as ESLint does) and counts. */
export function toFileResult(filePath: string, source: string, lint: LintResult, quiet: boolean, output?: string): FileResult {
  const messages = quiet ? lint.messages.filter((m) => m.severity === 2) : [...lint.messages];
  let errorCount = 0;
  let fatalErrorCount = 0;
  let warningCount = 0;
  let fixableErrorCount = 0;
  let fixableWarningCount = 0;
  for (const message of messages) {
    if (message.severity === 2) {
      errorCount++;
      if (message.fatal) fatalErrorCount++;
      if (message.fixable) fixableErrorCount++;
    } else {
      warningCount++;
      if (message.fixable) fixableWarningCount++;
    }
  }
  return {
    filePath,
    messages,
    suppressedMessages: lint.suppressedMessages ?? [],
    errorCount,
    fatalErrorCount,
    warningCount,
    fixableErrorCount,
    fixableWarningCount,
    source,
    ...(lint.skipped !== undefined ? { skipped: lint.skipped } : {}),
    ...(output !== undefined ? { output } : {}),
  };
}
