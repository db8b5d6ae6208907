import { readFileSync, renameSync, rmSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { isDeclarativeRule, type LintResult, type ResolvedConfig, lazyModule } from '@pcilint/core';

// A built-in loaded on first use: start-up pays only for what a run needs.
const crypto = lazyModule<typeof import('node:crypto')>('node:crypto', import.meta.url);

/**
 * `--cache`: lint results kept between runs, keyed on the file's content
 * (or, with `--cache-strategy metadata`, its size and mtime), the effective
 * configuration and the pcilint version. An unchanged file is not parsed
 * again.
 *
 * With the content strategy a file is not even read when its stat data
 * (device, inode, size, mtime, ctime) are those recorded when its content was
 * hashed, as git trusts its index: any write to a file moves its ctime, which
 * no program can set back. Like git's "racily clean" entries, stat data are
 * recorded only when the file had not changed for RACY_MS before the run
 * began (a second write within one timestamp tick of the first would keep
 * its ctime); a file changed since is hashed again.
 *
 * Written by hand rather than with file-entry-cache: that library stores
 * entries by path and rewrites its JSON in place, so two concurrent runs (two
 * pre-commit hooks) can leave a torn file; here the file is replaced
 * atomically (temporary file + rename) and a file that does not parse as a
 * cache is ignored and rebuilt.
 */

export type CacheStrategy = 'content' | 'metadata';

interface Entry {
  /** Content hash or `size:mtimeMs`, per the strategy. */
  readonly key: string;
  readonly config: string;
  readonly result: LintResult;
  /** Content strategy: the stat data that stand for that content (statRecord), when they can. */
  readonly stat?: string;
}

/** The file's stat data, what the cache compares. */
export type FileStats = Pick<Stats, 'dev' | 'ino' | 'size' | 'mtimeMs' | 'ctimeMs'>;

/** Far above any file system's timestamp granularity (ext4 and XFS: a kernel tick; FAT: 2 s). */
export const RACY_MS = 3000;

interface CacheFile {
  readonly pcilint: string;
  readonly strategy: CacheStrategy;
  readonly entries: Record<string, Entry>;
}

export class LintCache {
  private entries: Record<string, Entry> = {};
  private dirty = false;
  private readonly configKeys = new WeakMap<ResolvedConfig, string>();

  constructor(
    readonly location: string,
    private readonly strategy: CacheStrategy,
    private readonly version: string,
    /** Whether results carry fixes (the json format): part of the key. */
    private readonly withFixes: boolean,
    /** Options that change results (how directives are honoured): part of the key. */
    private readonly resultOptions: unknown = null,
    /** Taken before any file of the run is examined: a file changed after RACY_MS before it is "racy". */
    private readonly startedAt: number = Date.now(),
  ) {
    try {
      const parsed = JSON.parse(readFileSync(location, 'utf8')) as Partial<CacheFile>;
      if (parsed.pcilint === version && parsed.strategy === strategy && parsed.entries && typeof parsed.entries === 'object') this.entries = parsed.entries;
    } catch {
      // Missing, unreadable or corrupt: start empty; the next save replaces it.
    }
  }

  /** Whether the cache holds any result for the file (a file it does not know need not be examined for it). */
  has(file: string): boolean {
    return this.entries[file] !== undefined;
  }

  /**
   * The cached result from the file's stat data alone, without reading it: its
   * size and mtime (metadata strategy) or its recorded stat data (content).
   */
  getByStats(file: string, stats: FileStats, config: ResolvedConfig): LintResult | null {
    const entry = this.entries[file];
    if (!entry || entry.config !== this.configKey(config)) return null;
    const unchanged = this.strategy === 'metadata' ? entry.key === metadataKey(stats) : entry.stat !== undefined && entry.stat === this.statRecord(stats);
    return unchanged ? entry.result : null;
  }

  /**
   * The cached result, when the file (its key) and its configuration are as
   * they were. A hit from a file whose stat data moved (touched, checked out
   * again) records the new ones, so the next run need not read it.
   */
  get(file: string, key: string, config: ResolvedConfig, stats?: FileStats): LintResult | null {
    const entry = this.entries[file];
    if (!entry || entry.key !== key || entry.config !== this.configKey(config)) return null;
    const stat = stats && this.statRecord(stats);
    if (stat !== entry.stat) {
      this.entries[file] = { ...entry, stat };
      this.dirty = true;
    }
    return entry.result;
  }

  /** `stat`: statRecord() of the stats the file had before the content behind `key` was read. */
  set(file: string, key: string, config: ResolvedConfig, result: LintResult, stat?: string): void {
    this.entries[file] = { key, config: this.configKey(config), result, ...(stat !== undefined ? { stat } : {}) };
    this.dirty = true;
  }

  /**
   * Content strategy: the stat data recorded for a file, or undefined when
   * they cannot stand for its content (it changed too recently, or the
   * metadata strategy keys on them anyway).
   */
  statRecord(stats: FileStats): string | undefined {
    if (this.strategy !== 'content' || !(stats.ctimeMs < this.startedAt - RACY_MS)) return undefined;
    return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
  }

  /** Writes the cache atomically; entries of files not seen in this run are kept. */
  save(): void {
    if (!this.dirty) return;
    const data: CacheFile = { pcilint: this.version, strategy: this.strategy, entries: this.entries };
    const temp = path.join(path.dirname(this.location), `.${path.basename(this.location)}.${process.pid}-${crypto().randomBytes(4).toString('hex')}.tmp`);
    try {
      writeFileSync(temp, JSON.stringify(data));
      renameSync(temp, this.location);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
  }

  /** What identifies this version of the file: a content hash, or size and mtime (from the stats it was read with). */
  keyOf(text: string, stats?: FileStats): string {
    if (this.strategy === 'metadata' && stats) return metadataKey(stats);
    return crypto().createHash('sha1').update(text).digest('hex');
  }

  private configKey(config: ResolvedConfig): string {
    let key = this.configKeys.get(config);
    if (!key) {
      const packs = config.packs.map((p) => p.name);
      // A declarative pack is data: editing its conditions or messages must invalidate results.
      const policies = config.packs.flatMap((p) => p.rules.filter(isDeclarativeRule).map((r) => [r.meta.id, r.declarative]));
      key = crypto().createHash('sha1').update(JSON.stringify({ packs, policies, rules: config.ruleSettings, settings: config.settings, fixes: this.withFixes, options: this.resultOptions })).digest('hex');
      this.configKeys.set(config, key);
    }
    return key;
  }
}

function metadataKey(stats: FileStats): string {
  return `${stats.size}:${stats.mtimeMs}`;
}
