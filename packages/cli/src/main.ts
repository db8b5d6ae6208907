import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeText, ConfigError, describeTopology, LineIndex, lintText, type TopologyDocument } from '@pcilint/core';
import { cliConfigLayers, configsFor } from './cli-configs.js';
import { snapshotHostFacts } from './host-facts.js';
import { parseCliArgs, USAGE, type CliOptions } from './args.js';
import { colorLevel, createChalk, type ColorStream } from './color.js';
import { printableConfig, type EffectiveConfigs } from './effective-config.js';
import { CliError, errorMessage } from './errors.js';
import { findFiles } from './files.js';
import { fixDiff, fixSummary, type FileFix } from './fix-run.js';
import { lintFile, readInput, reportNeedsText, type FileJob, type FileOutcome } from './lint-file.js';
import { lintInWorkers, workerCount } from './lint-pool.js';
import { LintCache } from './lint-cache.js';
import { inShard } from './shard.js';
import { JsonWriter } from './formatters/json.js';
import { formatRuleList } from './formatters/rules-list.js';
import { StylishWriter } from './formatters/stylish.js';
import { outputWidth } from './formatters/wrap.js';
import { formatTopology } from './formatters/topology.js';
import { toFileResult } from './results.js';

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
  if (options.patterns[0] === 'topology') return topology(options, io);

  const configs = configsFor(options, io.cwd, cliConfigLayers(options, io.cwd));

  if (options.printConfig !== undefined) {
    const target = path.resolve(io.cwd, options.printConfig);
    const { resolved } = await configs.forDirectory(path.dirname(target));
    io.stdout.write(`${JSON.stringify(printableConfig(resolved), null, 2)}\n`);
    return EXIT_OK;
  }
  if (options.listRules) {
    const { resolved } = await configs.forDirectory(io.cwd);
    io.stdout.write(`${formatRuleList(resolved, options.format, outputWidth(io.stdout))}\n`);
    return EXIT_OK;
  }

  const fixing = options.fix || options.fixDryRun;
  const withFixes = options.format === 'json';
  // A fixed file is written, so its old result would be stale: --fix always lints afresh.
  const cache = options.cache && !fixing && !options.stdin ? new LintCache(path.resolve(io.cwd, options.cacheLocation), options.cacheStrategy, cliVersion(), withFixes) : null;
  const chalk = options.format === 'stylish' ? await createChalk(colorLevel(options.color, io.env, io.stdout)) : null;
  const write = (chunk: string) => io.stdout.write(chunk);
  const report = chalk ? new StylishWriter(chalk, write, outputWidth(io.stdout)) : new JsonWriter(write);
  const fixes: FileFix[] = [];
  const counts = { errorCount: 0, warningCount: 0 };
  // Each file is reported as soon as it and every file before it are done: nothing grows with the fleet.
  await lintAll(await collectInputs(options, io), options, io, configs, cache, async (outcome) => {
    if (outcome.fix) {
      const fixed = outcome.fix;
      for (const warning of fixed.warnings) io.stderr.write(`pcilint: warning: ${displayPath(io.cwd, warning)}\n`);
      fixes.push({ ...fixed, lint: { messages: [] }, output: undefined });
      if (fixed.output !== undefined && !fixed.written && chalk) {
        write(await fixDiff(displayPath(io.cwd, outcome.filePath), outcome.text ?? '', fixed.output));
      }
    }
    const result = toFileResult(outcome.filePath, outcome.text ?? '', outcome.lint, options.quiet, reportNeedsText(options) ? outcome.fix?.output : undefined);
    counts.errorCount += result.errorCount;
    counts.warningCount += result.warningCount;
    report.add(result);
  });
  if (cache) {
    try {
      cache.save();
    } catch (error) {
      io.stderr.write(`pcilint: warning: cannot write the cache ${cache.location}: ${errorMessage(error)}\n`);
    }
  }
  report.finish();

  if (fixing) {
    const summary = fixSummary(fixes, options.fixDryRun || options.stdin);
    if (summary) io.stderr.write(`${summary}\n`);
  }

  const { errorCount, warningCount } = counts;
  const tooManyWarnings = options.maxWarnings >= 0 && warningCount > options.maxWarnings;
  if (errorCount === 0 && tooManyWarnings) {
    io.stderr.write(`pcilint found too many warnings (maximum: ${options.maxWarnings}).\n`);
  }
  return errorCount > 0 || tooManyWarnings ? EXIT_LINT_ERRORS : EXIT_OK;
}

/**
 * `pcilint topology FILE...`: the layout libvirt 9.0 will give each guest
 * (predicted addresses and added controllers, free hotplug slots).
 * Exit 1 when libvirt would refuse a guest or a file does not parse.
 */
async function topology(options: CliOptions, io: MainIo): Promise<number> {
  const rest = options.patterns.slice(1);
  if (rest.length === 0 && !options.stdin) throw new CliError('topology needs at least one file', { usageHint: true });
  const inputs = await collectInputs({ ...options, patterns: rest }, io);
  // Only the settings matter here (QEMU capabilities), but they come from the same configuration.
  const configs = configsFor(options, io.cwd, cliConfigLayers(options, io.cwd));
  const chalk = await createChalk(colorLevel(options.color, io.env, io.stdout));
  const docs: unknown[] = [];
  const texts: string[] = [];
  let status = EXIT_OK;
  for (const input of inputs) {
    const text = input.text ?? readInput(input.filePath);
    const { resolved } = await configs.forDirectory(input.configDirectory);
    const built = analyzeText(text, resolved.settings);
    if (built.kind === 'syntax-error') {
      const pos = new LineIndex(text).positionAt(built.error.offset);
      io.stderr.write(`pcilint: ${input.filePath}:${pos.line}:${pos.column}: ${built.error.message}\n`);
      status = EXIT_LINT_ERRORS;
      continue;
    }
    if (built.kind === 'skipped') {
      io.stderr.write(`pcilint: ${input.filePath}: skipped (${built.reason})\n`);
      continue;
    }
    // An error-severity finding means libvirt or QEMU refuses the guest: a layout
    // with free ports would mislead, so the refusal replaces them (exit 1).
    const refusals = lintText(text, resolved, { computeFixes: false }).messages
      .filter((m) => m.severity === 2)
      .map((m) => ({ ruleId: m.ruleId, message: m.message, line: m.line, column: m.column }));
    const doc = withRefusals(describeTopology(built.analysis.graph, built.analysis.prediction), refusals);
    if (doc.error) status = EXIT_LINT_ERRORS;
    docs.push({ filePath: input.filePath, ...doc });
    texts.push(formatTopology(input.filePath, doc, chalk));
  }
  io.stdout.write(options.format === 'json' ? `${JSON.stringify(docs.length === 1 && rest.length === 1 ? docs[0] : docs, null, 2)}\n` : `${texts.join('\n\n')}\n`);
  return status;
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

  const pending: { job: FileJob; at: number; cacheKey: string | null }[] = [];
  for (const [at, input] of inputs.entries()) {
    let cacheKey: string | null = null;
    if (cache) {
      const { resolved } = await configs.forDirectory(input.configDirectory);
      const text = input.text ?? readInput(input.filePath);
      cacheKey = cache.keyOf(input.filePath, text);
      const cached = cache.get(input.filePath, cacheKey, resolved);
      if (cached) {
        await done(at, { filePath: input.filePath, ...(keepText ? { text } : {}), lint: cached, fix: null });
        continue;
      }
    }
    // The file is read (again) where it is linted: holding every text until then would grow with the fleet.
    pending.push({ job: input, at, cacheKey });
  }
  const finished = async (i: number, outcome: FileOutcome) => {
    const { job, at, cacheKey } = pending[i];
    if (cache && cacheKey !== null) cache.set(job.filePath, cacheKey, (await configs.forDirectory(job.configDirectory)).resolved, outcome.lint);
    await done(at, outcome);
  };
  const threads = workerCount(options.concurrency, pending.length);
  if (threads > 0) {
    const inMainThread = async (job: FileJob) => lintFile(job, (await configs.forDirectory(job.configDirectory)).resolved, options);
    await lintInWorkers(pending.map((p) => p.job), threads, { options, cwd: io.cwd, layers: configs.cliLayers }, finished, inMainThread);
  } else {
    for (const [i, { job }] of pending.entries()) await finished(i, await lintFile(job, (await configs.forDirectory(job.configDirectory)).resolved, options));
  }
}

type Refusal = { ruleId: string | null; message: string; line: number; column: number };

function withRefusals(doc: TopologyDocument, refusals: readonly Refusal[]): TopologyDocument & { refusals: readonly Refusal[] } {
  if (refusals.length === 0) return { ...doc, refusals };
  const first = refusals[0];
  const error = doc.error ?? `${first.message} (${first.ruleId ?? 'pcilint'}, line ${first.line}:${first.column})${refusals.length > 1 ? ` and ${refusals.length - 1} more error(s)` : ''}`;
  return { ...doc, error, free: { pciePorts: [], conventionalSlots: [] }, refusals };
}

/** A path as the user sees it: relative to the working directory when inside it. */
function displayPath(cwd: string, text: string): string {
  return text.startsWith(cwd + path.sep) ? text.slice(cwd.length + 1) : text;
}

async function collectInputs(options: CliOptions, io: MainIo): Promise<FileJob[]> {
  if (options.stdin) {
    const text = await readStdin(io.stdin);
    if (options.stdinFilename === undefined) return [{ filePath: '<text>', configDirectory: io.cwd, text, fromStdin: true }];
    const filePath = path.resolve(io.cwd, options.stdinFilename);
    return [{ filePath, configDirectory: path.dirname(filePath), text, fromStdin: true }];
  }
  const patterns = options.patterns.length > 0 ? options.patterns : ['.'];
  const files = await findFiles(patterns, {
    cwd: io.cwd,
    gitignore: options.ignore,
    errorOnUnmatchedPattern: options.errorOnUnmatchedPattern,
  });
  const share = options.shard ? files.filter((f) => inShard(path.relative(io.cwd, f), options.shard!)) : files;
  return share.map((filePath) => ({ filePath, configDirectory: path.dirname(filePath) }));
}

async function readStdin(stdin: AsyncIterable<string | Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  } catch (error) {
    throw new CliError(`cannot read standard input: ${errorMessage(error)}`, { cause: error });
  }
  return Buffer.concat(chunks).toString('utf8');
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
