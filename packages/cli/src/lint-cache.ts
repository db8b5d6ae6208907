import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
}

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
  ) {
    try {
      const parsed = JSON.parse(readFileSync(location, 'utf8')) as Partial<CacheFile>;
      if (parsed.pcilint === version && parsed.strategy === strategy && parsed.entries && typeof parsed.entries === 'object') this.entries = parsed.entries;
    } catch {
      // Missing, unreadable or corrupt: start empty; the next save replaces it.
    }
  }

  /** The cached result, when the file (its key) and its configuration are as they were. */
  get(file: string, key: string, config: ResolvedConfig): LintResult | null {
    const entry = this.entries[file];
    if (!entry || entry.key !== key || entry.config !== this.configKey(config)) return null;
    return entry.result;
  }

  set(file: string, key: string, config: ResolvedConfig, result: LintResult): void {
    this.entries[file] = { key, config: this.configKey(config), result };
    this.dirty = true;
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

  /** What identifies this version of the file: a content hash, or size and mtime. */
  keyOf(file: string, text: string): string {
    if (this.strategy === 'metadata') {
      const s = statSync(file, { throwIfNoEntry: false });
      if (s) return `${s.size}:${s.mtimeMs}`;
    }
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
