import { readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { addTimings, ConfigError, NO_TIMINGS } from '@pcilint/core';
import { cliConfigLayers, configsFor } from './cli-configs.js';
import { snapshotHostFacts } from './host-facts.js';
import { parseCliArgs, USAGE, type CliOptions } from './args.js';
import { colorLevel, createChalk, type ColorStream } from './color.js';
import { printableConfig, type EffectiveConfigs } from './effective-config.js';
import { CliError, errorMessage } from './errors.js';
import { explainRules, formatExplanations } from './explain.js';
import { findFiles } from './files.js';
import { withoutIgnored } from './ignored-files.js';
import { fixDiff, fixSummary, type FileFix } from './fix-run.js';
import { directiveOptions, lintFile, readInput, reportNeedsText, type FileJob, type FileOutcome } from './lint-file.js';
import { lintInWorkers, workerCount } from './lint-pool.js';
import { decodeInput, readSourceFile } from './read-source.js';
import { LintCache } from './lint-cache.js';
import { releaseSearchMemory } from './release-memory.js';
import { inShard } from './shard.js';
import { formatRuleList } from './formatters/rules-list.js';
import { formatStatsTables, jsonStats } from './formatters/stats.js';
import { ProgressLine, wantsProgress } from './progress.js';
import { applyIgnoreFile, ignoredOutcome } from './ignore-file.js';
import { startReport } from './report.js';
import { formatNeeds, toFileResult, outputWidth } from '@pcilint/formatters';
import { SuppressionsFile } from './suppressions-file.js';
import { topologyCommand } from './topology/command.js';

export interface OutputStream extends ColorStream {
  write(chunk: string): unknown;
  /** The terminal's width (tty.WriteStream#columns); absent for a pipe or a file. */
  readonly columns?: number;
}

/** Everything main() touches of the outside world, so tests can run it in-process. */
export interface MainIo {
  readonly argv: readonly string[];
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly stdin: AsyncIterable<string | Uint8Array>;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const EXIT_OK = 0;
export const EXIT_LINT_ERRORS = 1;
export const EXIT_FAILURE = 2;

/** Runs pcilint and returns the exit status; it never throws. */
export async function main(io: MainIo): Promise<number> {
  try {
    return await run(io);
  } catch (error) {
    reportFailure(error, io);
    return EXIT_FAILURE;
  }
}

async function run(io: MainIo): Promise<number> {
  // A subcommand only as the first word: a file named topology elsewhere is a file.
  if (io.argv[0] === 'topology') return topologyCommand(io.argv.slice(1), io, (options) => collectInputs(options, io));
  const options = parseCliArgs(io.argv);
  if (options.help) {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (options.version) {
    io.stdout.write(`${cliVersion()}\n`);
    return EXIT_OK;
  }

  if (options.patterns[0] === 'host-facts') {
    io.stdout.write(`${JSON.stringify(snapshotHostFacts(), null, 2)}\n`);
    return EXIT_OK;
  }
  if (options.patterns[0] === 'explain') {
    const { resolved } = await configsFor(options, io.cwd, cliConfigLayers(options, io.cwd)).forDirectory(io.cwd);
    io.stdout.write(`${formatExplanations(explainRules(resolved, options.patterns.slice(1)), options.format)}\n`);
    return EXIT_OK;
  }

  const configs = configsFor(options, io.cwd, cliConfigLayers(options, io.cwd));

  if (options.printConfig !== undefined) {
    const target = path.resolve(io.cwd, options.printConfig);
    const { resolved } = await configs.forFile({ filePath: target, configDirectory: path.dirname(target) });
    io.stdout.write(`${JSON.stringify(printableConfig(resolved), null, 2)}\n`);
    return EXIT_OK;
  }
  if (options.listRules) {
    const { resolved } = await configs.forDirectory(io.cwd);
    io.stdout.write(`${formatRuleList(resolved, options.format, outputWidth(io.stdout))}\n`);
    return EXIT_OK;
  }

  const fixing = options.fix || options.fixDryRun;
  const withFixes = formatNeeds(options.format).fixes;
  // A fixed file is written, so its old result would be stale: --fix always lints afresh.
  const cache = options.cache && !fixing && !options.stdin ? new LintCache(path.resolve(io.cwd, options.cacheLocation), options.cacheStrategy, cliVersion(), withFixes, directiveOptions(options)) : null;
  let progress: ProgressLine | null = null;
  // The progress line is erased before anything else reaches the terminal; its next update draws it again.
  const report = await startReport(options, io, configs, cliVersion(), () => progress?.hide());
  const write = report.write;
  const fixes: FileFix[] = [];
  const counts = { errorCount: 0, warningCount: 0, unread: 0, unwritten: 0 };
  const inputs = await collectInputs(options, io);
  releaseSearchMemory(inputs.length);
  if (wantsProgress(io.stderr, options.format, inputs.length)) progress = new ProgressLine(io.stderr, inputs.length);
  const stats = { timings: NO_TIMINGS, files: 0 };
  let reported = 0;
  const suppressions = await openSuppressions(options, io, configs);
  // Each file is reported as soon as it and every file before it are done: nothing grows with the fleet.
  const linted = options.ignore
    ? await withoutIgnored(inputs, configs, { cwd: io.cwd, patterns: options.patterns }, (job) => (options.warnIgnored ? { ...job, ignored: true as const } : null))
    : inputs;
  await lintAll(linted, options, io, configs, cache, async (outcome) => {
    if (outcome.fix) {
      const fixed = outcome.fix;
      if (fixed.writeFailed) counts.unwritten++;
      if (fixed.warnings.length > 0) progress?.hide();
      for (const warning of fixed.warnings) io.stderr.write(`pcilint: warning: ${displayPath(io.cwd, warning)}\n`);
      fixes.push({ ...fixed, lint: { messages: [] }, output: undefined });
      if (fixed.output !== undefined && !fixed.written && options.format === 'stylish') {
        write(await fixDiff(displayPath(io.cwd, outcome.filePath), outcome.text ?? '', fixed.output));
      }
    }
    const lint = suppressions ? suppressions.apply(outcome.filePath, outcome.lint) : outcome.lint;
    const result = toFileResult(outcome.filePath, outcome.text ?? '', lint, options.quiet, reportNeedsText(options) ? outcome.fix?.output : undefined);
    counts.errorCount += result.errorCount;
    counts.warningCount += result.warningCount;
    if (outcome.unread) counts.unread++;
    if (outcome.stats) {
      stats.timings = addTimings(stats.timings, outcome.stats);
      stats.files++;
    }
    const withStats = outcome.stats && options.format === 'json' ? { ...result, stats: jsonStats(outcome.stats) } : result;
    report.add(withStats, outcome.filePath === '<text>' ? io.cwd : path.dirname(outcome.filePath));
    progress?.update(++reported);
  }).catch((error: unknown) => {
    // What was reported before the failure is shown, not held back in the report's buffer.
    report.flush();
    throw error;
  });
  progress?.hide();
  if (cache) {
    try {
      cache.save();
    } catch (error) {
      io.stderr.write(`pcilint: warning: cannot write the cache ${cache.location}: ${errorMessage(error)}\n`);
    }
  }
  await report.finish(counts);
  if (options.stats && options.format !== 'json') io.stderr.write(formatStatsTables(stats.timings, stats.files));
  suppressions?.save();

  if (fixing) {
    const summary = fixSummary(fixes, options.fixDryRun || options.stdin);
    if (summary) io.stderr.write(`${summary}\n`);
  }

  const unpruned = suppressions?.unprunedReport();
  if (unpruned && !options.passOnUnprunedSuppressions) {
    io.stderr.write(unpruned);
    return EXIT_FAILURE;
  }

  const { errorCount, warningCount } = counts;
  // Reported with the others (the run goes on), but a file pcilint could not read is a failed run, not a finding.
  if (counts.unread > 0) {
    io.stderr.write(`pcilint: ${counts.unread} file(s) could not be read (see "File not read" above).\n`);
    return EXIT_FAILURE;
  }
  // A fix that could not be written is a failed run too: the file keeps its original text and its findings.
  if (counts.unwritten > 0) {
    io.stderr.write(`pcilint: ${counts.unwritten} fixed file(s) could not be written (see "not fixed" above).\n`);
    return EXIT_FAILURE;
  }
  const tooManyWarnings = options.maxWarnings >= 0 && warningCount > options.maxWarnings;
  if (errorCount === 0 && tooManyWarnings) {
    io.stderr.write(`pcilint found too many warnings (maximum: ${options.maxWarnings}).\n`);
  }
  return errorCount > 0 || tooManyWarnings ? EXIT_LINT_ERRORS : EXIT_OK;
}

/**
 * Lints every input, from the cache when it has the file, else in the main
 * thread or on worker threads (--concurrency), and hands each outcome to
 * `report` in input order as soon as it and all before it are done.
 */
async function lintAll(
  inputs: readonly FileJob[],
  options: CliOptions,
  io: MainIo,
  configs: EffectiveConfigs,
  cache: LintCache | null,
  report: (outcome: FileOutcome) => Promise<void>,
): Promise<void> {
  const keepText = reportNeedsText(options);
  const ready = new Map<number, FileOutcome>();
  let nextToReport = 0;
  const flush = async () => {
    for (let o = ready.get(nextToReport); o; o = ready.get(nextToReport)) {
      ready.delete(nextToReport++);
      await report(o);
    }
  };
  // Outcomes from two workers may arrive while a report is being written: flushes run one after another.
  let chain = Promise.resolve();
  const done = (at: number, outcome: FileOutcome) => {
    ready.set(at, outcome);
    chain = chain.then(flush);
    return chain;
  };

  // Parallel arrays, not an object per file: at 100,000 files every per-file allocation held for the run counts.
  const pendingJobs: FileJob[] = [];
  const pendingAt: number[] = [];
  const pendingKeys: (string | null)[] | null = cache ? [] : null;
  const pendingStats: (string | undefined)[] | null = cache ? [] : null;
  const addPending = (job: FileJob, at: number, cacheKey: string | null, stat?: string) => {
    pendingJobs.push(job);
    pendingAt.push(at);
    pendingKeys?.push(cacheKey);
    pendingStats?.push(stat);
  };
  for (const [at, input] of inputs.entries()) {
    if (input.ignored) {
      await done(at, ignoredOutcome(input));
      continue;
    }
    let cacheKey: string | null = null;
    let stat: string | undefined;
    if (cache) {
      const { resolved } = await configs.forFile(input);
      // Unchanged stat data are enough when the report needs no text: one stat(2) instead of reading and hashing.
      const known = !keepText && input.text === undefined && cache.has(input.filePath) ? regularFileStats(input.filePath, options.maxFileSize) : null;
      const fromStats = known && cache.getByStats(input.filePath, known, resolved);
      if (fromStats) {
        await done(at, { filePath: input.filePath, lint: fromStats, fix: null });
        continue;
      }
      const read = input.text !== undefined ? { kind: 'text' as const, text: input.text } : readSourceFile(input.filePath, options.maxFileSize);
      // A file that cannot be read is reported where it is linted, never cached.
      if (read.kind === 'refused') {
        addPending(input, at, null);
        continue;
      }
      const text = read.text;
      cacheKey = cache.keyOf(text, read.stats);
      const cached = cache.get(input.filePath, cacheKey, resolved, read.stats);
      if (cached) {
        await done(at, { filePath: input.filePath, ...(keepText ? { text } : {}), lint: cached, fix: null });
        continue;
      }
      stat = read.stats && cache.statRecord(read.stats);
    }
    // The file is read (again) where it is linted: holding every text until then would grow with the fleet.
    addPending(input, at, cacheKey, stat);
  }
  const finished = async (i: number, outcome: FileOutcome) => {
    const cacheKey = pendingKeys?.[i] ?? null;
    if (cache && cacheKey !== null) cache.set(pendingJobs[i]!.filePath, cacheKey, (await configs.forFile(pendingJobs[i]!)).resolved, outcome.lint, pendingStats?.[i]);
    await done(pendingAt[i]!, outcome);
  };
  const threads = workerCount(options.concurrency, pendingJobs.length);
  if (threads > 0) {
    const inMainThread = async (job: FileJob) => lintFile(job, (await configs.forFile(job)).resolved, options);
    await lintInWorkers(pendingJobs, threads, { options, cwd: io.cwd, layers: configs.cliLayers }, finished, inMainThread);
  } else {
    for (const [i, job] of pendingJobs.entries()) await finished(i, await lintFile(job, (await configs.forFile(job)).resolved, options));
  }
}

/** A file's stats when it is a regular file pcilint would read, else null (reading it then says why it is not). */
function regularFileStats(file: string, maxBytes: number): Stats | null {
  try {
    const stats = statSync(file, { throwIfNoEntry: false });
    return stats?.isFile() && stats.size <= maxBytes ? stats : null;
  } catch {
    return null;
  }
}

/** The suppressions file of this run (docs/suppressions.md), with --suppress-rule's rules checked first. */
async function openSuppressions(options: CliOptions, io: MainIo, configs: EffectiveConfigs): Promise<SuppressionsFile | null> {
  if (options.suppressRules.length > 0) {
    const known = (await configs.forDirectory(io.cwd)).resolved.ruleSettings;
    for (const rule of options.suppressRules) if (!(rule in known)) throw new CliError(`--suppress-rule: unknown rule "${rule}"`, { usageHint: true });
  }
  return SuppressionsFile.open(options, io.cwd);
}

/** A path as the user sees it: relative to the working directory when inside it. */
function displayPath(cwd: string, text: string): string {
  return text.startsWith(cwd + path.sep) ? text.slice(cwd.length + 1) : text;
}

async function collectInputs(options: CliOptions, io: MainIo): Promise<FileJob[]> {
  if (options.stdin) {
    const read = decodeInput(await readStdin(io.stdin), options.maxFileSize);
    const input = read.kind === 'text' ? { text: read.text } : { refused: read };
    if (options.stdinFilename === undefined) return [{ filePath: '<text>', configDirectory: io.cwd, ...input, fromStdin: true }];
    const filePath = path.resolve(io.cwd, options.stdinFilename);
    return [{ filePath, configDirectory: path.dirname(filePath), ...input, fromStdin: true }];
  }
  const patterns = options.patterns.length > 0 ? options.patterns : ['.'];
  const files = await findFiles(patterns, {
    cwd: io.cwd,
    gitignore: options.ignore,
    errorOnUnmatchedPattern: options.errorOnUnmatchedPattern,
  });
  const share = options.shard ? files.filter((f) => inShard(path.relative(io.cwd, f), options.shard!)) : files;
  // One string per directory, shared by its files (a fleet is many files in few directories).
  const directories = new Map<string, string>();
  const directoryOf = (filePath: string) => {
    const dir = path.dirname(filePath);
    const known = directories.get(dir);
    if (known !== undefined) return known;
    directories.set(dir, dir);
    return dir;
  };
  return options.ignore ? applyIgnoreFile(share, patterns, io.cwd, options.warnIgnored, directoryOf) : share.map((filePath) => ({ filePath, configDirectory: directoryOf(filePath) }));
}

async function readStdin(stdin: AsyncIterable<string | Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  } catch (error) {
    throw new CliError(`cannot read standard input: ${errorMessage(error)}`, { cause: error });
  }
  return Buffer.concat(chunks);
}

function reportFailure(error: unknown, io: MainIo): void {
  const debug = Boolean(io.env.PCILINT_DEBUG) && io.env.PCILINT_DEBUG !== '0';
  let text: string;
  if (error instanceof CliError) {
    text = `pcilint: ${error.message}\n`;
    if (error.usageHint) text += 'Run "pcilint --help" for usage.\n';
  } else if (error instanceof ConfigError || (error instanceof Error && error.name === 'ConfigError')) {
    text = `pcilint: ${error.message}\n`;
  } else {
    text = `pcilint: internal error: ${errorMessage(error)}\n`;
    if (!debug) text += 'Set PCILINT_DEBUG=1 to see the stack trace.\n';
  }
  if (debug) text += stackTrace(error);
  io.stderr.write(text);
}

function stackTrace(error: unknown): string {
  let text = '';
  for (let current: unknown = error, depth = 0; current !== undefined && depth < 5; depth++) {
    text += `${depth === 0 ? '' : 'Caused by: '}${current instanceof Error ? current.stack : String(current)}\n`;
    current = current instanceof Error ? current.cause : undefined;
  }
  return text;
}

let version: string | undefined;

/** The version in this package's package.json (../package.json from both src/ and dist/). */
export function cliVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}
