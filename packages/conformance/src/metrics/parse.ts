import { fatalMessage, type CorpusLinter } from '../corpus-linter.js';
import { listedFiles, type Corpus } from '../manifest.js';

export interface ParseMetric {
  /** Listed files present on disk. */
  readonly total: number;
  /** Of those, linted without lintText throwing. */
  readonly ok: number;
  /** ok / total (1 when there is nothing to read). */
  readonly rate: number;
  readonly crashes: readonly { readonly file: string; readonly error: string; readonly stack?: string }[];
  /** Fatal XML parse messages: libvirt's files are all well-formed, so each one is a pcilint bug. */
  readonly fatals: readonly { readonly file: string; readonly line: number; readonly column: number; readonly message: string }[];
  /** Files the front-end skipped (not a libvirt <domain>). */
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
  /** Listed in the manifest but absent from disk (not counted in total). */
  readonly missing: readonly string[];
}

/** Metric 1: every listed input and xml2xml output is read and linted without an exception. */
export function measureParse(corpus: Corpus, linter: CorpusLinter): ParseMetric {
  const crashes: { file: string; error: string; stack?: string }[] = [];
  const fatals: { file: string; line: number; column: number; message: string }[] = [];
  const skipped: { file: string; reason: string }[] = [];
  const missing: string[] = [];
  let total = 0;
  let ok = 0;
  for (const { file } of listedFiles(corpus)) {
    const outcome = linter.lint(file);
    if (outcome.kind === 'missing') {
      missing.push(file);
      continue;
    }
    total++;
    if (outcome.kind === 'crashed') {
      crashes.push(outcome.stack === undefined ? { file, error: outcome.error } : { file, error: outcome.error, stack: outcome.stack });
      continue;
    }
    ok++;
    const fatal = fatalMessage(outcome.result);
    if (fatal) fatals.push({ file, line: fatal.line, column: fatal.column, message: fatal.message });
    if (outcome.result.skipped !== undefined) skipped.push({ file, reason: outcome.result.skipped });
  }
  return { total, ok, rate: total === 0 ? 1 : ok / total, crashes, fatals, skipped, missing };
}
