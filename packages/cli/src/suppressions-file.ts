import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LintMessage, LintResult, SuppressedMessage } from '@pcilint/core';
import { CliError, errorMessage } from './errors.js';
import { DEFAULT_SUPPRESSIONS_FILE, type SuppressionCliOptions } from './suppression-args.js';
import { lazyModule } from '@pcilint/core';

// A built-in loaded on first use: start-up pays only for what a run needs.
const crypto = lazyModule<typeof import('node:crypto')>('node:crypto', import.meta.url);

/**
 * The suppressions file of a fleet (`--suppress-all`, `--suppress-rule`,
 * `--prune-suppressions`), in ESLint 9's format: for each file, relative to
 * the working directory with `/` separators, and each rule, how many errors
 * are known and accepted.
 *
 *   { "guests/web-01.xml": { "common/chassis-unique": { "count": 2 } } }
 *
 * As in ESLint, only errors (severity 2) of rules count; while a file has no
 * more errors of a rule than recorded, they all move to suppressedMessages
 * (kind "file"); when it has more, all of them are reported, since which one
 * is new cannot be told. Applied per file as results stream in, so a fleet's
 * results are never all held; only the counts are.
 */
export type SuppressionsData = Record<string, Record<string, { count: number }>>;

type Mode = { readonly kind: 'apply' } | { readonly kind: 'suppress'; readonly rules: readonly string[] | 'all' } | { readonly kind: 'prune' };

export class SuppressionsFile {
  /** Recorded counts that no longer occur, per linted file and rule. */
  private readonly unused: SuppressionsData = {};
  private dirty = false;

  private constructor(
    readonly location: string,
    private readonly cwd: string,
    private readonly data: SuppressionsData,
    private readonly mode: Mode,
  ) {}

  /**
   * The suppressions file of this run, or null when there is none and none
   * is to be written (nothing to prune either). An explicit
   * --suppressions-location must exist unless this run creates it (as in ESLint).
   */
  static open(options: SuppressionCliOptions & { readonly stdin: boolean }, cwd: string): SuppressionsFile | null {
    // As in ESLint: standard input is never compared with the record, nor recorded.
    if (options.stdin) {
      if (options.suppressAll || options.suppressRules.length > 0 || options.pruneSuppressions) {
        throw new CliError('--suppress-all, --suppress-rule and --prune-suppressions cannot be used with --stdin', { usageHint: true });
      }
      return null;
    }
    const location = path.resolve(cwd, options.suppressionsLocation ?? DEFAULT_SUPPRESSIONS_FILE);
    const mode: Mode = options.suppressAll
      ? { kind: 'suppress', rules: 'all' }
      : options.suppressRules.length > 0
        ? { kind: 'suppress', rules: options.suppressRules }
        : options.pruneSuppressions
          ? { kind: 'prune' }
          : { kind: 'apply' };
    const data = readSuppressions(location);
    if (data === null) {
      if (mode.kind === 'suppress') return new SuppressionsFile(location, cwd, {}, mode);
      if (options.suppressionsLocation !== undefined) {
        throw new CliError(`the suppressions file ${location} does not exist; run with --suppress-all or --suppress-rule to create it`);
      }
      return null;
    }
    return new SuppressionsFile(location, cwd, data, mode);
  }

  /** The file's result with the recorded errors moved to suppressedMessages; records or prunes first, per the mode. */
  apply(filePath: string, lint: LintResult): LintResult {
    if (filePath === '<text>' || lint.skipped !== undefined) return lint;
    const key = path.relative(this.cwd, filePath).split(path.sep).join('/');
    const errors = errorsByRule(lint.messages);
    if (this.mode.kind === 'suppress') this.record(key, errors, this.mode.rules);
    const recorded = this.data[key];
    if (!recorded) return lint;

    const silenced = new Set<string>();
    for (const [ruleId, { count }] of Object.entries(recorded)) {
      const found = errors.get(ruleId) ?? 0;
      if (found <= count) silenced.add(ruleId);
      if (found < count) (this.unused[key] ??= {})[ruleId] = { count: count - found };
    }
    if (this.mode.kind === 'prune') this.prune(key);
    if (silenced.size === 0) return lint;

    const messages: LintMessage[] = [];
    const suppressedMessages: SuppressedMessage[] = [...(lint.suppressedMessages ?? [])];
    for (const m of lint.messages) {
      if (m.severity === 2 && m.ruleId !== null && silenced.has(m.ruleId)) suppressedMessages.push({ ...m, suppressions: [{ kind: 'file', justification: '' }] });
      else messages.push(m);
    }
    return { ...lint, messages, suppressedMessages };
  }

  /**
   * ESLint's message for recorded errors this run no longer found (the run
   * then exits 2), followed by the first 20 of them; null when there are none.
   */
  unprunedReport(): string | null {
    const entries = Object.entries(this.unused).flatMap(([file, rules]) => Object.entries(rules).map(([rule, { count }]) => `  ${file}: ${rule} (${count} fewer than recorded)\n`));
    if (entries.length === 0) return null;
    const more = entries.length > 20 ? `  ... and ${entries.length - 20} more\n` : '';
    return `There are suppressions left that do not occur anymore. Consider re-running the command with \`--prune-suppressions\`.\n${entries.slice(0, 20).join('')}${more}`;
  }

  /** Writes the file when this run recorded or pruned, atomically, with sorted keys (stable diffs). */
  save(): void {
    if (!this.dirty) return;
    const sorted: SuppressionsData = {};
    for (const file of Object.keys(this.data).sort()) {
      const rules = this.data[file];
      sorted[file] = Object.fromEntries(Object.keys(rules).sort().map((rule) => [rule, { count: rules[rule].count }]));
    }
    const temp = path.join(path.dirname(this.location), `.${path.basename(this.location)}.${process.pid}-${crypto().randomBytes(4).toString('hex')}.tmp`);
    try {
      writeFileSync(temp, `${JSON.stringify(sorted, null, 2)}\n`);
      renameSync(temp, this.location);
    } catch (error) {
      rmSync(temp, { force: true });
      throw new CliError(`cannot write the suppressions file ${this.location}: ${errorMessage(error)}`, { cause: error });
    }
  }

  /** ESLint: the rules with errors now get their current count; recorded rules without errors keep theirs. */
  private record(key: string, errors: ReadonlyMap<string, number>, rules: readonly string[] | 'all'): void {
    for (const [ruleId, count] of errors) {
      if (rules !== 'all' && !rules.includes(ruleId)) continue;
      (this.data[key] ??= {})[ruleId] = { count };
      this.dirty = true;
    }
  }

  private prune(key: string): void {
    const unused = this.unused[key];
    if (!unused) return;
    const recorded = this.data[key];
    for (const [ruleId, { count }] of Object.entries(unused)) {
      const left = recorded[ruleId].count - count;
      if (left > 0) recorded[ruleId] = { count: left };
      else delete recorded[ruleId];
    }
    if (Object.keys(recorded).length === 0) delete this.data[key];
    delete this.unused[key];
    this.dirty = true;
  }
}

function errorsByRule(messages: readonly LintMessage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) if (m.severity === 2 && m.ruleId !== null) counts.set(m.ruleId, (counts.get(m.ruleId) ?? 0) + 1);
  return counts;
}

/** The file's counts, null when it does not exist; anything but the format above is an error naming the file. */
function readSuppressions(location: string): SuppressionsData | null {
  let text: string;
  try {
    text = readFileSync(location, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CliError(`cannot read the suppressions file ${location}: ${errorMessage(error)}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(`cannot parse the suppressions file ${location}: ${errorMessage(error)}`, { cause: error });
  }
  const bad = (why: string) => new CliError(`the suppressions file ${location} is not a pcilint suppressions file: ${why}`);
  if (!isObject(parsed)) throw bad('expected an object of files');
  const data: SuppressionsData = {};
  for (const [file, rules] of Object.entries(parsed)) {
    if (!isObject(rules)) throw bad(`"${file}" should map rule ids to {"count": N}`);
    data[file] = {};
    for (const [rule, entry] of Object.entries(rules)) {
      const count = isObject(entry) ? entry.count : undefined;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw bad(`"${file}" → "${rule}" should be {"count": N} with N a whole number of at least 1`);
      data[file][rule] = { count };
    }
  }
  return data;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
