import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { packProblems, type RulePack } from '@pcilint/core';
import { isPathSpecifier } from './config-names.js';
import { DEFAULT_PACKS, importDefaultPack } from './default-packs.js';
import { isDeclarativePackFile, loadDeclarativePackFile } from './declarative-pack-file.js';
import { CliError, errorMessage } from './errors.js';
import { ImportTimeoutError, importWithTimeout } from './import-with-timeout.js';

/**
 * Loads one rule pack (a plugin). Built-in and third-party packs take the same
 * path: the specifier is resolved from `baseDir`, the directory of the
 * configuration file that names it, and from nowhere else (not from the
 * linted file's directory, not from pcilint's). The one exception is the
 * built-in packs' own package names, which always mean pcilint's copy: a
 * project that has another version installed must not get two packs named
 * "common". Resolution is Node's (package `exports` and `--conditions`
 * included), as ESLint does for plugins.
 *
 * `where` names the configuration key in errors (`/p/.pcilintrc.json: plugins[0]`).
 */
export async function loadPack(specifier: string, baseDir: string, where?: string): Promise<LoadedPack> {
  const prefix = where ? `${where}: ` : '';
  const resolved = resolvePack(specifier, baseDir, prefix);
  // A JSON or YAML pack (a path, or a package whose main is such a file) is data, not a module.
  if (isDeclarativePackFile(resolved)) return { specifier, resolved, pack: loadDeclarativePackFile(specifier, resolved) };
  let module: Record<string, unknown>;
  try {
    // pcilint's own packs are its code, loaded by every run: not probed for hangs.
    module = await (importDefaultPack(specifier) ?? importWithTimeout(resolved, undefined, { probe: true }));
  } catch (error) {
    const why = error instanceof ImportTimeoutError ? error.message : `it threw while loading: ${errorMessage(error)}`;
    throw new CliError(`${prefix}cannot load pack "${specifier}" (${resolved}): ${why}`, { cause: error });
  }
  return { specifier, resolved, pack: validatePack(specifier, pickExport(module), prefix) };
}

export interface LoadedPack {
  readonly specifier: string;
  /** Absolute path of the module that was imported. */
  readonly resolved: string;
  readonly pack: RulePack;
}

/** Loads packs in order, once each (by resolved module), keeping the first occurrence. */
export async function loadPacks(specifiers: readonly string[], baseDir: string): Promise<RulePack[]> {
  const packs = new PackSet();
  for (const specifier of specifiers) packs.add(await loadPack(specifier, baseDir));
  return [...packs.packs];
}

/**
 * The packs of one configuration chain, in order, once each. Two different
 * modules with one pack name would give two rules one id: that is an error.
 */
export class PackSet {
  private readonly byResolved = new Set<string>();
  private readonly byName = new Map<string, LoadedPack & { where?: string }>();
  readonly packs: RulePack[] = [];

  add(loaded: LoadedPack, where?: string): void {
    if (this.byResolved.has(loaded.resolved) || this.packs.includes(loaded.pack)) return;
    const clash = this.byName.get(loaded.pack.name);
    if (clash) {
      const at = (w?: string) => (w ? ` at ${w}` : '');
      throw new CliError(
        `packs "${clash.specifier}" (${clash.resolved})${at(clash.where)} and "${loaded.specifier}" (${loaded.resolved})${at(where)} are both named "${loaded.pack.name}": rule ids would clash`,
      );
    }
    this.byResolved.add(loaded.resolved);
    this.byName.set(loaded.pack.name, { ...loaded, ...(where ? { where } : {}) });
    this.packs.push(loaded.pack);
  }

  named(name: string): RulePack | undefined {
    return this.byName.get(name)?.pack;
  }
}

function resolvePack(specifier: string, baseDir: string, prefix: string): string {
  if (typeof specifier !== 'string' || specifier.trim() === '') {
    throw new CliError(`${prefix}invalid pack specifier ${JSON.stringify(specifier)}: expected a package name or a path`);
  }
  const base = DEFAULT_PACKS.includes(specifier) ? fileURLToPath(import.meta.url) : path.join(baseDir, '__placeholder__.js');
  try {
    return createRequire(base).resolve(specifier);
  } catch (error) {
    const code = (error as { code?: string } | undefined)?.code;
    const notFound = isPathSpecifier(specifier) ? 'no such module' : 'it is not installed there';
    const reason = code === 'MODULE_NOT_FOUND' ? notFound : errorMessage(error);
    const where = isPathSpecifier(specifier) ? `relative to ${baseDir}` : `from ${baseDir}`;
    throw new CliError(`${prefix}cannot find pack "${specifier}" ${where}: ${reason.split('\n')[0]}`, { cause: error });
  }
}

/** A pack is the default export, or the named export `pack`; CommonJS interop is unwrapped. */
function pickExport(module: Record<string, unknown>): unknown {
  const candidates: unknown[] = [module.default, module.pack];
  const inner = module.default as Record<string, unknown> | null | undefined;
  if (inner && typeof inner === 'object') candidates.push(inner.default, inner.pack);
  return candidates.find(looksLikePack) ?? module.default ?? module.pack;
}

function looksLikePack(value: unknown): boolean {
  return !!value && typeof value === 'object' && 'rules' in value && 'name' in value;
}

/**
 * Checks the pack as definePack does (core's packProblems: rule id prefix,
 * known families, default severity, ...), naming the specifier and listing
 * every problem with what to write, so a hand-written pack is right in one round.
 */
function validatePack(specifier: string, value: unknown, prefix = ''): RulePack {
  const invalid = `${prefix}pack "${specifier}" is not a valid pcilint rule pack`;
  if (value === undefined) {
    throw new CliError(`${invalid}: the module has neither a default export nor a named export "pack"; write \`export default definePack({ ... })\``);
  }
  const problems = [...packProblems(value)];
  const settingsSchema = (value as { settingsSchema?: unknown } | null)?.settingsSchema;
  if (settingsSchema !== undefined && (settingsSchema === null || typeof settingsSchema !== 'object')) problems.push('"settingsSchema" must be a JSON Schema object');
  if (problems.length === 1) throw new CliError(`${invalid}: ${problems[0]}`);
  if (problems.length > 1) throw new CliError(`${invalid} (${problems.length} problems):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  const pack = value as RulePack;
  // A pack without presets enables nothing by default, as an ESLint plugin without configs.
  return pack.configs === undefined ? { ...pack, configs: { recommended: { rules: {} } } } : pack;
}
