import { createChalk } from './chalk.js';
import type { FormatterContext } from './context.js';
import type { FormatterResult } from './formatter-results.js';
import { formatCheckstyle, formatCompact, formatUnix } from './builtin/eslint-extracted.js';
import { formatGithub, githubStepSummary } from './builtin/github.js';
import { formatGitlab } from './builtin/gitlab.js';
import { formatJson, JsonWriter } from './builtin/json.js';
import { formatJsonWithMetadata } from './builtin/json-with-metadata.js';
import { formatJunit } from './builtin/junit.js';
import { formatSarif } from './builtin/sarif.js';
import { formatStylish, StylishWriter } from './builtin/stylish.js';
import type { FileResult } from './results.js';

/** ESLint's formatter signature: pcilint's results have ESLint's shape. */
export type FormatFunction = (results: readonly FormatterResult[], context: FormatterContext) => string | Promise<string>;

/** A report written file by file as results arrive, so a fleet's results are never all in memory. */
export interface ResultWriter {
  add(result: FileResult): void;
  finish(): void;
}

export interface Formatter {
  readonly name: string;
  /** `builtin`, or the module file that was imported. */
  readonly source: string;
  readonly format: FormatFunction;
  /** Streaming form, for formats whose output can be written one file at a time. */
  readonly createWriter?: (context: FormatterContext, write: (chunk: string) => void) => Promise<ResultWriter>;
  /** Markdown for $GITHUB_STEP_SUMMARY (the CLI appends it when the variable is set). */
  readonly stepSummary?: (results: readonly FormatterResult[], context: FormatterContext) => string;
  /** Whether the format prints the files' text (ESLint's `source`): other formats let the CLI drop it early. */
  readonly needsSource: boolean;
  /** Whether it prints fixes (json's `fix`): building a fix may predict placement again. */
  readonly needsFixes: boolean;
  /**
   * Receives pcilint's own results (FileResult: the text always present, ranges)
   * instead of ESLint's shape, which drops `source` from a file without findings.
   */
  readonly pcilintResults?: boolean;
}

const chalkFor = (context: FormatterContext) => createChalk(context.colorLevel ?? 0);

/**
 * The built-in formats. stylish and json stream (byte for byte what the
 * batch form prints); the others need every result and are handed them at
 * the end, as ESLint does.
 */
export const BUILTIN_FORMATTERS: Readonly<Record<string, Omit<Formatter, 'name' | 'source'>>> = {
  stylish: {
    // stylish reads only fields every ESLint-shaped result has.
    format: async (results, context) => formatStylish(results as readonly FileResult[], await chalkFor(context), context.columns),
    createWriter: async (context, write) => new StylishWriter(await chalkFor(context), write, context.columns),
    needsSource: false,
    needsFixes: false,
  },
  json: {
    format: (results) => formatJson(results as readonly FileResult[]),
    createWriter: async (_context, write) => new JsonWriter(write),
    needsSource: true,
    needsFixes: true,
  },
  'json-with-metadata': { format: formatJsonWithMetadata, needsSource: true, needsFixes: true },
  sarif: { format: formatSarif, needsSource: false, needsFixes: false },
  junit: { format: formatJunit, needsSource: false, needsFixes: false },
  checkstyle: { format: formatCheckstyle, needsSource: false, needsFixes: false },
  compact: { format: formatCompact, needsSource: false, needsFixes: false },
  unix: { format: formatUnix, needsSource: false, needsFixes: false },
  github: { format: formatGithub, stepSummary: githubStepSummary, needsSource: false, needsFixes: false },
  gitlab: { format: formatGitlab, needsSource: false, needsFixes: false },
};

export const BUILTIN_FORMAT_NAMES: readonly string[] = Object.keys(BUILTIN_FORMATTERS);

/**
 * What the linting side must keep for a format, known from its name alone
 * (worker threads decide before any formatter is loaded). A formatter from a
 * package may print anything ESLint gives formatters, so it gets everything.
 */
export function formatNeeds(name: string): { readonly source: boolean; readonly fixes: boolean } {
  const builtin = Object.hasOwn(BUILTIN_FORMATTERS, name) ? BUILTIN_FORMATTERS[name] : undefined;
  return builtin ? { source: builtin.needsSource, fixes: builtin.needsFixes } : { source: true, fixes: true };
}
