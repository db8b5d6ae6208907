import { ConfigError, type RuleSetting } from '@pcilint/core';

/** A configuration file's content once its shape is checked (rule ids and settings are checked by core). */
export interface ConfigData {
  readonly extends: readonly string[];
  readonly plugins: readonly string[];
  /** The older key: a pack listed here is loaded and its recommended config applied. */
  readonly packs: readonly string[];
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  readonly settings?: Readonly<Record<string, unknown>>;
  readonly overrides: readonly OverrideData[];
  readonly ignorePatterns: readonly string[];
}

export interface OverrideData {
  readonly files: readonly string[];
  readonly excludedFiles: readonly string[];
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  readonly settings?: Readonly<Record<string, unknown>>;
}

export const TOP_LEVEL_KEYS = ['$schema', 'extends', 'plugins', 'packs', 'rules', 'settings', 'overrides', 'ignorePatterns'] as const;
const OVERRIDE_KEYS = ['files', 'excludedFiles', 'rules', 'settings'];

export const EMPTY_CONFIG: ConfigData = { extends: [], plugins: [], packs: [], overrides: [], ignorePatterns: [] };

/**
 * Checks the shape of what a configuration file holds; every error names the
 * file and the key (`file: extends[1]: ...`). Only own properties are read,
 * so a `__proto__` key in JSON or YAML is an unknown key, never a prototype.
 */
export function configDataFrom(raw: unknown, file: string): ConfigData {
  if (raw === null || raw === undefined) return EMPTY_CONFIG;
  if (!isObject(raw)) {
    throw new ConfigError(`${file}: the configuration must be an object with "extends", "plugins", "rules", "settings", "overrides" and/or "ignorePatterns"`);
  }
  for (const key of Object.keys(raw)) {
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(key)) {
      throw new ConfigError(`${file}: unknown top-level key "${key}" (expected one of ${TOP_LEVEL_KEYS.filter((k) => k !== '$schema').map((k) => `"${k}"`).join(', ')})`);
    }
  }
  const fail = (key: string, why: string): never => {
    throw new ConfigError(`${file}: ${key}: ${why}`);
  };
  if (raw.$schema !== undefined && typeof raw.$schema !== 'string') fail('$schema', 'must be a string');
  const extendsList = stringOrStrings(own(raw, 'extends'), 'extends', fail);
  const plugins = strings(own(raw, 'plugins'), 'plugins', 'an array of plugin names or paths', fail);
  const packs = own(raw, 'packs');
  if (packs !== undefined && !(Array.isArray(packs) && packs.every((p) => typeof p === 'string' && p !== ''))) {
    // The wording predates `plugins`; kept for scripts that match it.
    throw new ConfigError(`${file}: "packs" must be an array of package names or paths`);
  }
  const ignorePatterns = stringOrStrings(own(raw, 'ignorePatterns'), 'ignorePatterns', fail);
  const overridesRaw = own(raw, 'overrides');
  if (overridesRaw !== undefined && !Array.isArray(overridesRaw)) fail('overrides', 'must be an array of {files, excludedFiles, rules, settings}');
  const overrides = ((overridesRaw ?? []) as unknown[]).map((entry, i) => overrideFrom(entry, `overrides[${i}]`, fail));
  return {
    extends: extendsList,
    plugins,
    packs: (packs as string[] | undefined) ?? [],
    ...objectKey(raw, 'rules', 'rules', fail),
    ...objectKey(raw, 'settings', 'settings', fail),
    overrides,
    ignorePatterns,
  };
}

type Fail = (key: string, why: string) => never;

function overrideFrom(entry: unknown, key: string, fail: Fail): OverrideData {
  if (!isObject(entry)) return fail(key, 'must be an object with "files" and "rules" and/or "settings"');
  for (const k of Object.keys(entry)) {
    if (!OVERRIDE_KEYS.includes(k)) fail(`${key}.${k}`, `unknown key (an override takes ${OVERRIDE_KEYS.map((o) => `"${o}"`).join(', ')})`);
  }
  const files = stringOrStrings(own(entry, 'files'), `${key}.files`, fail);
  if (files.length === 0) fail(`${key}.files`, 'must be a glob or a non-empty array of globs');
  return {
    files,
    excludedFiles: stringOrStrings(own(entry, 'excludedFiles'), `${key}.excludedFiles`, fail),
    ...objectKey(entry, 'rules', `${key}.rules`, fail),
    ...objectKey(entry, 'settings', `${key}.settings`, fail),
  };
}

function objectKey<K extends 'rules' | 'settings'>(raw: Record<string, unknown>, name: K, key: string, fail: Fail): { [P in K]?: Record<string, never> } {
  const value = own(raw, name);
  if (value === undefined) return {};
  if (!isObject(value)) fail(key, 'must be an object');
  return { [name]: value } as { [P in K]?: Record<string, never> };
}

function stringOrStrings(value: unknown, key: string, fail: Fail): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string' && value !== '') return [value];
  return strings(value, key, 'a string or an array of strings', fail);
}

function strings(value: unknown, key: string, what: string, fail: Fail): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail(key, `must be ${what}`);
  value.forEach((item, i) => {
    if (typeof item !== 'string' || item.trim() === '') fail(`${key}[${i}]`, `must be a non-empty string, not ${JSON.stringify(item) ?? String(item)}`);
  });
  return value as string[];
}

function own(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
