import { toEslintResult } from './builtin/json.js';
import type { FileResult } from './results.js';

/**
 * One message as formatters see it: ESLint's LintMessage, plus pcilint's
 * stable `nodePath` (the graph node the message is about, for fingerprints).
 * Plain JSON-safe data, no graph.
 */
export interface FormatterMessage {
  readonly ruleId: string | null;
  readonly severity: 1 | 2;
  readonly message: string;
  readonly messageId?: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly fatal?: boolean;
  readonly fix?: { readonly range: readonly [number, number]; readonly text: string };
  readonly nodePath?: string;
}

/** One file as formatters see it: ESLint's LintResult (so ESLint formatters read it unchanged). */
export interface FormatterResult {
  /** Absolute path, or `<text>` for --stdin without --stdin-filename. */
  readonly filePath: string;
  readonly messages: readonly FormatterMessage[];
  readonly suppressedMessages?: readonly FormatterMessage[];
  readonly errorCount: number;
  readonly fatalErrorCount: number;
  readonly warningCount: number;
  readonly fixableErrorCount: number;
  readonly fixableWarningCount: number;
  readonly source?: string;
  readonly output?: string;
  readonly usedDeprecatedRules?: readonly unknown[];
  /** pcilint: why the file was not linted (not a libvirt domain). */
  readonly skipped?: string;
}

/** The `json` format's object for the file, with each message's nodePath added. */
export function toFormatterResult(result: FileResult): FormatterResult {
  const eslint = toEslintResult(result) as unknown as FormatterResult;
  return {
    ...eslint,
    messages: eslint.messages.map((message, i) => {
      const nodePath = result.messages[i]?.nodePath;
      return nodePath === undefined ? message : { ...message, nodePath };
    }),
  };
}
