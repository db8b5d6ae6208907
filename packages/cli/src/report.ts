import { appendFileSync } from 'node:fs';
import path from 'node:path';
import type { RulePack } from '@pcilint/core';
import {
  FormatterError, loadFormatter, rulesMetaOf, toFormatterResult,
  type FileResult, type Formatter, type FormatterContext, type FormatterResult, type ResultWriter,
  outputWidth,
} from '@pcilint/formatters';
import type { CliOptions } from './args.js';
import { cliFormatters } from './cli-formatters.js';
import { colorLevel } from './color.js';
import type { EffectiveConfigs } from './effective-config.js';
import { CliError, errorMessage } from './errors.js';
import type { MainIo } from './main.js';
import { coalescedWrites, openOutputFile, type OutputTarget } from './output-file.js';
import { findSourceRoot } from './source-root.js';

/** The report of one run, in the --format asked for, to stdout or --output-file. */
export interface Report {
  /** Writes to the report's destination (a dry run's diffs go between stylish's files). */
  readonly write: (chunk: string) => void;
  /** Writes what is held back (a run that stops with an error still shows the files reported so far). */
  flush(): void;
  /** `configDirectory`: where the file's configuration was looked up (its rules' meta go into the context). */
  add(result: FileResult, configDirectory: string): void;
  finish(counts: { readonly warningCount: number }): Promise<void>;
}

/**
 * Loads the formatter (built-in, package or path, resolved from the working
 * directory and the --config file's directory) and opens the destination.
 * Streaming formats write each file as it is added; the others get every
 * result at the end with ESLint's context, and the github format's step
 * summary is appended to $GITHUB_STEP_SUMMARY when it is set.
 */
export async function startReport(options: CliOptions, io: MainIo, configs: EffectiveConfigs, toolVersion: string, beforeStdout: () => void = () => {}): Promise<Report> {
  const resolveFrom = [io.cwd, ...(options.config !== undefined ? [path.dirname(path.resolve(io.cwd, options.config))] : [])];
  let formatter: Formatter;
  try {
    formatter = await loadFormatter(options.format, { resolveFrom, extraBuiltins: cliFormatters(configs, io.cwd) });
  } catch (error) {
    if (error instanceof FormatterError) throw new CliError(error.message, { usageHint: true, cause: error });
    throw error;
  }
  const destination: OutputTarget = options.outputFile !== undefined
    ? openOutputFile(path.resolve(io.cwd, options.outputFile))
    : { write: (chunk) => (beforeStdout(), void io.stdout.write(chunk)), close: () => {} };
  const toTerminal = options.outputFile === undefined && io.stdout.isTTY === true;
  const target = toTerminal ? { ...destination, flush: () => {} } : coalescedWrites(destination);
  // A file is not a terminal: colour only when asked for (--color, FORCE_COLOR).
  const level = colorLevel(options.color, io.env, options.outputFile !== undefined ? { isTTY: false } : io.stdout);
  const columns = outputWidth(options.outputFile !== undefined ? {} : io.stdout);
  const context: FormatterContext = { cwd: io.cwd, rulesMeta: {}, srcRoot: findSourceRoot(io.cwd, io.env), color: level > 0, colorLevel: level, toolVersion, columns };
  const write = target.write.bind(target);

  let writer: ResultWriter | null = null;
  if (formatter.createWriter) writer = await formatter.createWriter(context, write);
  const results: FormatterResult[] = [];
  const configDirectories = new Set<string>([io.cwd]);

  return {
    write,
    flush: () => target.flush(),
    add(result, configDirectory) {
      if (writer) return writer.add(result);
      results.push(formatter.pcilintResults ? (result as unknown as FormatterResult) : toFormatterResult(result));
      configDirectories.add(configDirectory);
    },
    async finish({ warningCount }) {
      try {
        if (writer) return writer.finish();
        const packs = new Set<RulePack>();
        for (const dir of configDirectories) for (const pack of (await configs.forDirectory(dir)).resolved.packs) packs.add(pack);
        const full: FormatterContext = {
          ...context,
          rulesMeta: rulesMetaOf(packs),
          ...(options.maxWarnings >= 0 && warningCount > options.maxWarnings ? { maxWarningsExceeded: { maxWarnings: options.maxWarnings, foundWarnings: warningCount } } : {}),
        };
        const output = await formatter.format(results, full);
        if (output) write(output.endsWith('\n') ? output : `${output}\n`);
        const summaryFile = io.env.GITHUB_STEP_SUMMARY;
        if (formatter.stepSummary && summaryFile) appendStepSummary(summaryFile, formatter.stepSummary(results, full), io);
      } finally {
        target.close();
      }
    },
  };
}

function appendStepSummary(file: string, markdown: string, io: MainIo): void {
  try {
    appendFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  } catch (error) {
    io.stderr.write(`pcilint: warning: cannot append the step summary to ${file}: ${errorMessage(error)}\n`);
  }
}
