import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RulePack } from '@pcilint/core';
import { isDeclarativePackFile, loadDeclarativePackFile } from './declarative-pack-file.js';
import { CliError, errorMessage } from './errors.js';

/**
 * Loads one rule pack. Built-in and third-party packs take the same path:
 * the specifier is resolved from `baseDir` (the configuration file's
 * directory, or the working directory), then — for package names only —
 * from this package, so the built-in packs that are its dependencies are
 * found wherever pcilint is installed. Resolution is Node's (package
 * `exports` and `--conditions` included), as ESLint does for plugins.
 */
export async function loadPack(specifier: string, baseDir: string): Promise<LoadedPack> {
  const resolved = resolvePack(specifier, baseDir);
  // A JSON or YAML pack (a path, or a package whose main is such a file) is data, not a module.
  if (isDeclarativePackFile(resolved)) return { specifier, resolved, pack: loadDeclarativePackFile(specifier, resolved) };
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(resolved).href)) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(`cannot load pack "${specifier}" (${resolved}): ${errorMessage(error)}`, { cause: error });
  }
  return { specifier, resolved, pack: validatePack(specifier, pickExport(module)) };
}

export interface LoadedPack {
  readonly specifier: string;
  /** Absolute path of the module that was imported. */
  readonly resolved: string;
  readonly pack: RulePack;
}

/** Loads packs in order, once each (by resolved module), keeping the first occurrence. */
export async function loadPacks(specifiers: readonly string[], baseDir: string): Promise<RulePack[]> {
  const seen = new Set<string>();
  const byName = new Map<string, LoadedPack>();
  const packs: RulePack[] = [];
  for (const specifier of specifiers) {
    const loaded = await loadPack(specifier, baseDir);
    if (seen.has(loaded.resolved) || packs.includes(loaded.pack)) continue;
    const clash = byName.get(loaded.pack.name);
    if (clash) {
      throw new CliError(
        `packs "${clash.specifier}" (${clash.resolved}) and "${specifier}" (${loaded.resolved}) are both named "${loaded.pack.name}"`,
      );
    }
    seen.add(loaded.resolved);
    byName.set(loaded.pack.name, loaded);
    packs.push(loaded.pack);
  }
  return packs;
}

function isPathSpecifier(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || /^\.\.?[\\/]/.test(specifier) || path.isAbsolute(specifier);
}

function resolvePack(specifier: string, baseDir: string): string {
  if (typeof specifier !== 'string' || specifier.trim() === '') {
    throw new CliError(`invalid pack specifier ${JSON.stringify(specifier)}: expected a package name or a path`);
  }
  const bases = [path.join(baseDir, '__placeholder__.js')];
  if (!isPathSpecifier(specifier)) bases.push(fileURLToPath(import.meta.url));
  let firstError: unknown;
  for (const base of bases) {
    try {
      return createRequire(base).resolve(specifier);
    } catch (error) {
      firstError ??= error;
    }
  }
  const code = (firstError as { code?: string } | undefined)?.code;
  const notFound = isPathSpecifier(specifier) ? 'no such module' : 'it is not installed';
  const reason = code === 'MODULE_NOT_FOUND' ? notFound : errorMessage(firstError);
  const where = isPathSpecifier(specifier) ? `relative to ${baseDir}` : `from ${baseDir} or from pcilint itself`;
  throw new CliError(`cannot find pack "${specifier}" ${where}: ${reason.split('\n')[0]}`, { cause: firstError });
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

/** Checks the shape resolveConfig relies on, and names the specifier when it is wrong. */
function validatePack(specifier: string, value: unknown): RulePack {
  const fail = (why: string): never => {
    throw new CliError(`pack "${specifier}" is not a valid pcilint rule pack: ${why}`);
  };
  if (value === undefined) fail('the module has neither a default export nor a named export "pack"');
  if (!value || typeof value !== 'object' || Array.isArray(value)) fail('its export is not an object');
  const pack = value as Record<string, unknown>;
  if (typeof pack.name !== 'string' || pack.name === '') fail('"name" must be a non-empty string');
  if (!Array.isArray(pack.rules)) fail('"rules" must be an array');
  const families = pack.families;
  if (families !== 'all' && !(Array.isArray(families) && families.every((f) => typeof f === 'string'))) {
    fail('"families" must be "all" or an array of machine family names');
  }
  (pack.rules as unknown[]).forEach((rule, i) => {
    const r = rule as { meta?: { id?: unknown; messages?: unknown }; check?: unknown } | null;
    if (!r || typeof r !== 'object' || !r.meta || typeof r.meta.id !== 'string') fail(`rules[${i}] has no meta.id`);
    if (typeof r!.check !== 'function') fail(`rule "${String(r!.meta!.id)}" has no check() function`);
    if (!r!.meta!.messages || typeof r!.meta!.messages !== 'object') fail(`rule "${String(r!.meta!.id)}" has no meta.messages`);
  });
  const configs = pack.configs as { recommended?: { rules?: unknown } } | undefined;
  if (configs === undefined) {
    // A pack without presets enables nothing by default, as an ESLint plugin without configs.
    return { ...(pack as unknown as RulePack), configs: { recommended: { rules: {} } } };
  }
  const recommended = configs?.recommended?.rules;
  if (!recommended || typeof recommended !== 'object' || Array.isArray(recommended)) {
    fail('"configs.recommended.rules" must be an object');
  }
  return pack as unknown as RulePack;
}
