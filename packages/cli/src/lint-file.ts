import { lintTextAsync, sourceLanguageOfName, withDeclarativeFindings, COMMAND_LINE_EXTENSIONS, TimingCollector, type DirectiveOptions, type LintResult, type LintTimings, type ResolvedConfig } from '@pcilint/core';
import { formatNeeds } from '@pcilint/formatters';
import type { CliOptions } from './args.js';
import { CliError, errorMessage } from './errors.js';
import { fixFile, type FileFix } from './fix-run.js';
import { readSourceFile, refusedAtStart, type SourceRead } from './read-source.js';

/** One file to lint: where it is, where its configuration is looked up, its text when already read. */
export interface FileJob {
  /** Absolute path, or `<text>`. */
  readonly filePath: string;
  readonly configDirectory: string;
  readonly text?: string;
  /** Why the given input (standard input) cannot be linted, instead of its text. */
  readonly refused?: Extract<SourceRead, { kind: 'refused' }>;
  /** The text came from standard input (never written back). */
  readonly fromStdin?: boolean;
  /** Named on the command line but excluded by .pcilintignore: reported with a warning, not linted. */
  readonly ignored?: true;
}

/** What linting (or fixing) one file gave: plain data, so it crosses a worker boundary unchanged. */
export interface FileOutcome {
  readonly filePath: string;
  /** Kept only when something prints it (json's source, a dry run's diff): a fleet run must not hold every file. */
  readonly text?: string;
  readonly lint: LintResult;
  /** Set with --fix / --fix-dry-run. */
  readonly fix: FileFix | null;
  /** The file could not be read (its one message says why): the run exits 2. */
  readonly unread?: true;
  /** With --stats: where linting this file spent its time (not for a result from the cache). */
  readonly stats?: LintTimings;
}

export type LintFileOptions = Pick<CliOptions, 'fix' | 'fixDryRun' | 'fixTypes' | 'format' | 'maxFileSize' | 'inlineConfig' | 'reportUnusedDisableDirectives' | 'requireDirectiveReason'> & {
  readonly stats?: boolean;
};

/** Whether the report needs the file's text: json prints it, html draws it, a dry run diffs it. */
export function reportNeedsText(options: LintFileOptions): boolean {
  return formatNeeds(options.format).source || options.fixDryRun;
}

/** Reads (unless given), lints or fixes one file: the same code in the main thread and in workers. */
export async function lintFile(job: FileJob, resolved: ResolvedConfig, options: LintFileOptions): Promise<FileOutcome> {
  // Standard input's content decides: --stdin-filename only names it in the report.
  const language = job.fromStdin ? null : sourceLanguageOfName(job.filePath);
  if (language === 'unsupported') return refusedOutcome(job, unsupportedType(job.filePath));
  const read: SourceRead = job.refused ?? (job.text !== undefined ? { kind: 'text', text: job.text } : readSourceFile(job.filePath, options.maxFileSize));
  if (read.kind === 'refused') return refusedOutcome(job, read);
  const text = read.text;
  const kept = reportNeedsText(options) || job.fromStdin ? text : undefined;
  const lintOptions = language === null ? {} : { language };
  const timings = options.stats ? new TimingCollector() : undefined;
  const stats = () => (timings ? { stats: timings.timings() } : {});
  try {
    if (options.fix || options.fixDryRun) {
      const fix = await fixFile(job.filePath, text, resolved, { ...options, directives: directiveOptions(options) }, job.fromStdin === true, language ?? undefined, timings);
      // Declarative rules have no fixes: they judge the text the file holds now.
      const lint = await withDeclarativeFindings(fix.output ?? text, fix.lint, resolved, { ...directiveOptions(options), ...lintOptions });
      return { filePath: job.filePath, text: kept, lint, fix, ...stats() };
    }
    // Building a fix may predict placement again; only json-like formats show fixes.
    const lint = await lintTextAsync(text, resolved, { ...directiveOptions(options), computeFixes: formatNeeds(options.format).fixes, ...lintOptions, timings });
    return { filePath: job.filePath, text: kept, lint, fix: null, ...stats() };
  } catch (error) {
    throw new CliError(`error while linting ${job.filePath}: ${errorMessage(error)}`, { cause: error });
  }
}

/** How directive comments are honoured, as the command line says (docs/suppressions.md). */
export function directiveOptions(options: LintFileOptions): DirectiveOptions {
  return { inlineConfig: options.inlineConfig, reportUnusedDisableDirectives: options.reportUnusedDisableDirectives, requireDirectiveReason: options.requireDirectiveReason };
}

/**
 * Synchronous on purpose: awaiting one small read at a time through the
 * thread pool left the CLI idle for a third of a fleet run (CPU profile of
 * 10,000 guests); files are small and read once.
 */
export function readInput(file: string, maxBytes: number): string {
  const read = readSourceFile(file, maxBytes);
  if (read.kind === 'refused') throw new CliError(`${file}:${read.line}:${read.column}: ${read.message}`);
  return read.text;
}

/** Named on the command line with an extension pcilint does not read: said by name, never sniffed. */
function unsupportedType(filePath: string): Extract<SourceRead, { kind: 'refused' }> {
  const extension = filePath.slice(filePath.lastIndexOf('.'));
  const commandLines = COMMAND_LINE_EXTENSIONS.map((e) => `.${e}`).join(', ');
  return refusedAtStart(`pcilint does not read ${extension} files; it reads libvirt domain XML (.xml) and QEMU command lines (${commandLines}, or a file without extension)`);
}

/** A file that cannot be linted gets one fatal message, as a file that does not parse. */
function refusedOutcome(job: FileJob, refused: Extract<SourceRead, { kind: 'refused' }>): FileOutcome {
  const { message, line, column, unread } = refused;
  return {
    filePath: job.filePath,
    lint: { messages: [{ ruleId: null, severity: 2, fatal: true, message, line, column, endLine: line, endColumn: column, range: [0, 0] }] },
    fix: null,
    ...(unread ? { unread: true as const } : {}),
  };
}
