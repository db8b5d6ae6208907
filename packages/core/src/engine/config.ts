import { createRequire } from 'node:module';
import type { Ajv as AjvInstance, ErrorObject, ValidateFunction } from 'ajv';
import type { Rule, RulePack, RuleSetting, Severity, SeverityLevel } from './rule.js';
import { DEFAULT_SETTINGS, SETTINGS_SCHEMA, type Settings } from './settings.js';

/** What a user writes (after the CLI has loaded the file). */
export interface PcilintConfig {
  /** Pack module names or paths, loaded by the CLI; the built-in packs are listed by default. */
  readonly packs?: readonly string[];
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  readonly settings?: Readonly<Record<string, unknown>>;
}

/** A configuration mistake the user must fix; the CLI exits 2 with this message. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface EnabledRule {
  readonly rule: Rule;
  readonly pack: RulePack;
  readonly severity: 1 | 2;
  readonly options: readonly unknown[];
}

export interface ResolvedConfig {
  readonly packs: readonly RulePack[];
  /** Enabled rules only, by id. */
  readonly rules: ReadonlyMap<string, EnabledRule>;
  /** Every known rule with its effective setting, for --print-config. */
  readonly ruleSettings: Readonly<Record<string, readonly [Severity, ...unknown[]]>>;
  readonly settings: Settings;
}

/** One layer of rule and settings overrides; later layers win. `source` names it in errors. */
export interface ConfigLayer {
  readonly source: string;
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  readonly settings?: Readonly<Record<string, unknown>>;
}

/**
 * ajv is loaded on first use (a run whose configuration sets no settings and
 * no rule options never needs it): it is a sixth of pcilint's start-up.
 * createRequire keeps resolveConfig synchronous; ajv is a CommonJS package.
 */
let ajvInstance: AjvInstance | undefined;
function ajv(): AjvInstance {
  if (!ajvInstance) {
    const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    ajvInstance = new Ajv({ allErrors: true, strict: false, useDefaults: false });
  }
  return ajvInstance;
}
const validatorCache = new WeakMap<Rule, ValidateFunction>();
let settingsValidator: ValidateFunction | undefined;

export interface ResolveOptions {
  /**
   * Start from every pack's recommended config (the default). The CLI passes
   * false: its configuration chain says itself which pack configs apply.
   */
  readonly packDefaults?: boolean;
}

/**
 * Merges pack defaults with user layers and validates everything up front,
 * so a bad option fails before any file is linted, with the rule named.
 */
export function resolveConfig(packs: readonly RulePack[], layers: readonly ConfigLayer[], options: ResolveOptions = {}): ResolvedConfig {
  const known = new Map<string, { rule: Rule; pack: RulePack }>();
  for (const pack of packs) {
    for (const rule of pack.rules) {
      if (known.has(rule.meta.id)) throw new ConfigError(`Rule "${rule.meta.id}" is defined by more than one pack`);
      known.set(rule.meta.id, { rule, pack });
    }
  }
  const effective = new Map<string, { setting: RuleSetting; source: string }>();
  if (options.packDefaults !== false) {
    for (const pack of packs) {
      for (const [id, setting] of Object.entries(pack.configs.recommended.rules)) {
        effective.set(id, { setting, source: `pack "${pack.name}" recommended config` });
      }
    }
  }
  const packsByName = new Map(packs.map((p) => [p.name, p] as const));
  let settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const pack of packs) {
    if (pack.defaultSettings) settings = { ...settings, [pack.name]: { ...pack.defaultSettings } };
  }
  for (const layer of layers) {
    for (const [id, setting] of Object.entries(layer.rules ?? {})) {
      if (!known.has(id)) {
        throw new ConfigError(`${layer.source}: unknown rule "${id}"${suggestPack(id, packs)}`);
      }
      effective.set(id, { setting, source: layer.source });
    }
    if (layer.settings) {
      if (typeof layer.settings !== 'object' || Array.isArray(layer.settings)) {
        throw new ConfigError(`${layer.source}: "settings" must be an object`);
      }
      // Each layer is checked on its own (no property is required), so the error names the layer.
      validateSettings(layer.settings, layer.source, packsByName);
      settings = mergeSettings(settings, layer.settings, packsByName);
    }
  }

  const rules = new Map<string, EnabledRule>();
  const ruleSettings: Record<string, readonly [Severity, ...unknown[]]> = {};
  for (const [id, { rule, pack }] of known) {
    const entry = effective.get(id);
    const { severity, options } = entry ? normaliseSetting(id, entry.setting, entry.source) : { severity: 0 as SeverityLevel, options: [] };
    ruleSettings[id] = [SEVERITY_NAMES[severity], ...options];
    if (severity === 0) continue;
    validateOptions(rule, options, entry?.source ?? '');
    rules.set(id, { rule, pack, severity, options });
  }
  return { packs, rules, ruleSettings, settings: settings as unknown as Settings };
}

/**
 * Later wins key by key; `caps` and a pack's own settings (`settings[<pack>]`)
 * are merged one level deeper, so a layer can change one capability or one
 * pack setting. Computed keys keep a `__proto__` key an own property.
 */
function mergeSettings(
  base: Record<string, unknown>,
  layer: Readonly<Record<string, unknown>>,
  packsByName: ReadonlyMap<string, RulePack>,
): Record<string, unknown> {
  let merged = { ...base };
  for (const [key, value] of Object.entries(layer)) {
    const deep = (key === 'caps' || packsByName.has(key)) && isPlainObject(value) && isPlainObject(merged[key]);
    merged = { ...merged, [key]: deep ? { ...(merged[key] as object), ...(value as object) } : value };
  }
  return merged;
}

const packSettingsValidators = new WeakMap<RulePack, ValidateFunction>();

/** Core settings against SETTINGS_SCHEMA; `settings[<pack>]` against that pack's settingsSchema, if it has one. */
function validateSettings(layer: Readonly<Record<string, unknown>>, source: string, packsByName: ReadonlyMap<string, RulePack>): void {
  const core: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(layer)) {
    const isCore = Object.hasOwn(SETTINGS_SCHEMA.properties, key);
    const pack = isCore ? undefined : packsByName.get(key);
    if (!isCore && !pack) {
      throw new ConfigError(`${source}: settings.${key}: unknown setting (not a pcilint setting, and no loaded plugin is named "${key}")`);
    }
    if (!pack) {
      Object.defineProperty(core, key, { value, enumerable: true, configurable: true, writable: true });
      continue;
    }
    if (!pack.settingsSchema) continue;
    let validate = packSettingsValidators.get(pack);
    if (!validate) {
      validate = ajv().compile(pack.settingsSchema);
      packSettingsValidators.set(pack, validate);
    }
    if (!validate(value)) {
      throw new ConfigError(`${source}: invalid settings: ${formatAjvErrors(validate.errors, `settings.${key}`)}`);
    }
  }
  settingsValidator ??= ajv().compile(SETTINGS_SCHEMA);
  if (!settingsValidator(core)) {
    throw new ConfigError(`${source}: invalid settings: ${formatAjvErrors(settingsValidator.errors, 'settings')}`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const SEVERITY_NAMES: Record<SeverityLevel, Severity> = { 0: 'off', 1: 'warn', 2: 'error' };
const SEVERITY_LEVELS: Record<string, SeverityLevel> = { off: 0, warn: 1, error: 2, '0': 0, '1': 1, '2': 2 };

function normaliseSetting(id: string, setting: RuleSetting, source: string): { severity: SeverityLevel; options: unknown[] } {
  const [raw, ...options] = Array.isArray(setting) ? setting : [setting];
  const severity = SEVERITY_LEVELS[String(raw)];
  if (severity === undefined) {
    throw new ConfigError(
      `${source}: configuration for rule "${id}" is invalid: severity should be "off", "warn" or "error" (or 0, 1, 2), not ${JSON.stringify(raw)}`,
    );
  }
  return { severity, options };
}

function validateOptions(rule: Rule, options: readonly unknown[], source: string): void {
  const schema = rule.meta.schema;
  if (!schema) {
    if (options.length > 0) {
      throw new ConfigError(`${source}: configuration for rule "${rule.meta.id}" is invalid: the rule takes no options`);
    }
    return;
  }
  let validate = validatorCache.get(rule);
  if (!validate) {
    // ESLint's convention: an array is a list of positional option schemas.
    const arraySchema = Array.isArray(schema)
      ? { type: 'array', items: schema, minItems: 0, maxItems: schema.length }
      : schema;
    validate = ajv().compile(arraySchema);
    validatorCache.set(rule, validate);
  }
  if (!validate(options)) {
    throw new ConfigError(
      `${source}: configuration for rule "${rule.meta.id}" is invalid: ${formatAjvErrors(validate.errors, 'options')}`,
    );
  }
}

function formatAjvErrors(errors: ErrorObject[] | null | undefined, root: string): string {
  return (errors ?? [])
    .map((e) => {
      const where = e.instancePath ? `${root}${e.instancePath.replace(/\//g, '.')}` : root;
      const extra = e.keyword === 'additionalProperties' ? ` ("${(e.params as { additionalProperty: string }).additionalProperty}")` : '';
      return `${where} ${e.message}${extra}`;
    })
    .join('; ');
}

function suggestPack(id: string, packs: readonly RulePack[]): string {
  const prefix = id.split('/')[0];
  return packs.some((p) => p.name === prefix) ? '' : ` (no loaded pack is named "${prefix}")`;
}
