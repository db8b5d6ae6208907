import { readFileSync } from 'node:fs';
import { lintText, type LintResult, type ResolvedConfig } from '@pcilint/core';
import type { CliOptions } from './args.js';
import { CliError, errorMessage } from './errors.js';
import { fixFile, type FileFix } from './fix-run.js';

/** One file to lint: where it is, where its configuration is looked up, its text when already read. */
export interface FileJob {
  /** Absolute path, or `<text>`. */
  readonly filePath: string;
  readonly configDirectory: string;
  readonly text?: string;
  /** The text came from standard input (never written back). */
  readonly fromStdin?: boolean;
}

/** What linting (or fixing) one file gave: plain data, so it crosses a worker boundary unchanged. */
export interface FileOutcome {
  readonly filePath: string;
  /** Kept only when something prints it (json's source, a dry run's diff): a fleet run must not hold every file. */
  readonly text?: string;
  readonly lint: LintResult;
  /** Set with --fix / --fix-dry-run. */
  readonly fix: FileFix | null;
}

export type LintFileOptions = Pick<CliOptions, 'fix' | 'fixDryRun' | 'fixTypes' | 'format'>;

/** Whether the report needs the file's text: json prints it, html draws it, a dry run diffs it. */
export function reportNeedsText(options: LintFileOptions): boolean {
  return options.format === 'json' || options.format === 'html' || options.fixDryRun;
}

/** Reads (unless given), lints or fixes one file: the same code in the main thread and in workers. */
export async function lintFile(job: FileJob, resolved: ResolvedConfig, options: LintFileOptions): Promise<FileOutcome> {
  const text = job.text ?? readInput(job.filePath);
  const kept = reportNeedsText(options) || job.fromStdin ? text : undefined;
  try {
    if (options.fix || options.fixDryRun) {
      const fix = await fixFile(job.filePath, text, resolved, options, job.fromStdin === true);
      return { filePath: job.filePath, text: kept, lint: fix.lint, fix };
    }
    // Building a fix may predict placement again; only the json format shows fixes.
    return { filePath: job.filePath, text: kept, lint: lintText(text, resolved, { computeFixes: options.format === 'json' }), fix: null };
  } catch (error) {
    throw new CliError(`error while linting ${job.filePath}: ${errorMessage(error)}`, { cause: error });
  }
}

/**
 * Synchronous on purpose: awaiting one small read at a time through the
 * thread pool left the CLI idle for a third of a fleet run (CPU profile of
 * 10,000 guests); files are small and read once.
 */
export function readInput(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${errorMessage(error)}`, { cause: error });
  }
}
