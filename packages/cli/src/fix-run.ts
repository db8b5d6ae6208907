import path from 'node:path';
import { fixText, lintText, type DirectiveOptions, type FixNote, type LintResult, type ResolvedConfig, type SourceLanguage, type TimingCollector } from '@pcilint/core';
import type { CliOptions } from './args.js';
import { sweepStaleTemporaries, writeFixedFile } from './fix-writer.js';

/** What --fix / --fix-dry-run did to one file. */
export interface FileFix {
  /** The lint of what the file holds now (fixed, or original when nothing was written). */
  readonly lint: LintResult;
  /** The fixed text, when it differs from the input. */
  readonly output?: string;
  readonly appliedByRule: Readonly<Record<string, number>>;
  /** Problems to tell the user on stderr (fix dropped, file not written). */
  readonly warnings: readonly string[];
  readonly written: boolean;
  /** Writing failed (disk full, permissions, read-only file system): the original is intact, the run exits 2. */
  readonly writeFailed?: true;
}

const swept = new Set<string>();

/**
 * Fixes one text in memory and, with --fix on a real file, writes it.
 * A file that cannot be written (read-only, changed on disk, disk full) is
 * reported and keeps its original findings; the run goes on.
 */
export async function fixFile(
  filePath: string,
  text: string,
  config: ResolvedConfig,
  options: Pick<CliOptions, 'fix' | 'fixDryRun' | 'fixTypes'> & { readonly directives?: DirectiveOptions },
  fromStdin: boolean,
  language?: SourceLanguage,
  timings?: TimingCollector,
): Promise<FileFix> {
  const outcome = fixText(text, config, { ...options.directives, fixTypes: options.fixTypes, language, timings });
  const warnings = outcome.notes.map((n) => `${filePath}: ${describeNote(n)}`);
  if (!outcome.fixed) return { lint: outcome.result, appliedByRule: {}, warnings, written: false };
  const write = options.fix && !options.fixDryRun && !fromStdin;
  if (!write) return { lint: outcome.result, output: outcome.output, appliedByRule: outcome.appliedByRule, warnings, written: false };

  const dir = path.dirname(filePath);
  if (!swept.has(dir)) {
    swept.add(dir);
    await sweepStaleTemporaries(dir);
  }
  const written = await writeFixedFile(filePath, text, outcome.output);
  if (written.kind === 'written') return { lint: outcome.result, output: outcome.output, appliedByRule: outcome.appliedByRule, warnings, written: true };
  const why = written.kind === 'changed-on-disk' ? 'it changed on disk since it was read' : written.reason;
  // Nothing was written: report the file as it is.
  const failed = written.kind === 'changed-on-disk' ? {} : { writeFailed: true as const };
  return { lint: lintText(text, config, { ...options.directives, language }), appliedByRule: {}, warnings: [...warnings, `${filePath}: not fixed: ${why}`], written: false, ...failed };
}

function describeNote(note: FixNote): string {
  const rule = note.ruleId ? `fix of ${note.ruleId}` : 'fixes';
  switch (note.reason) {
    case 'breaks-parse':
    case 'adds-error':
      return `${rule} not applied: ${note.message}`;
    case 'loop':
    case 'pass-limit':
      return `fixing stopped after pass ${note.pass}: ${note.message}`;
  }
}

/** A unified diff of a dry run, as `git diff` shows it (the diff library is loaded only for dry runs). */
export async function fixDiff(displayPath: string, before: string, after: string): Promise<string> {
  const { createTwoFilesPatch } = await import('diff');
  return createTwoFilesPatch(`a/${displayPath}`, `b/${displayPath}`, before, after, undefined, undefined, { context: 3 });
}

/** "Fixed 3 problems in 2 files: common/spare-pcie-ports 2, common/chassis-unique 1." */
export function fixSummary(fixes: readonly FileFix[], dryRun: boolean): string | null {
  const byRule = new Map<string, number>();
  let files = 0;
  for (const f of fixes) {
    const counts = Object.entries(f.appliedByRule);
    if (counts.length === 0) continue;
    if (!dryRun && !f.written) continue;
    files++;
    for (const [rule, n] of counts) byRule.set(rule, (byRule.get(rule) ?? 0) + n);
  }
  const total = [...byRule.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return dryRun ? 'pcilint: nothing to fix.' : null;
  const rules = [...byRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([r, n]) => `${r} ${n}`);
  const verb = dryRun ? 'Would fix' : 'Fixed';
  return `pcilint: ${verb} ${total} problem${total === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}: ${rules.join(', ')}.`;
}
