import { SETTINGS_SCHEMA, type Rule, type RulePack } from '@pcilint/core';
import { PRESET_PREFIX, PRESETS } from './builtin-presets.js';

/**
 * The JSON Schema (draft-07, what editors support best) of a configuration
 * file, built from what the code already validates with: each rule's option
 * schema and the settings schema of core and of each pack. Editors use it to
 * complete and check `.pcilintrc.json` and `.pcilintrc.yaml`; the shipped copy
 * is packages/cli/schema/pcilintrc.schema.json (npm run build:schema).
 *
 * Rules and settings of packs the schema does not know (third-party plugins)
 * stay allowed, with only their general shape checked: the schema must not
 * refuse what pcilint accepts.
 */
export function configJsonSchema(packs: readonly RulePack[]): Record<string, unknown> {
  const ruleProperties: Record<string, unknown> = {};
  for (const pack of packs) {
    for (const rule of pack.rules) ruleProperties[rule.meta.id] = ruleSettingSchema(rule);
  }
  const settingsProperties: Record<string, unknown> = { ...SETTINGS_SCHEMA.properties };
  for (const pack of packs) {
    if (pack.settingsSchema) settingsProperties[pack.name] = { description: `Settings of the "${pack.name}" pack.`, ...pack.settingsSchema };
  }
  const configNames = [
    ...Object.keys(PRESETS).map((name) => `${PRESET_PREFIX}${name}`),
    ...packs.flatMap((pack) => [...new Set([...Object.keys(pack.configs), 'all'])].map((config) => `plugin:${pack.name}/${config}`)),
  ];
  const rulesAndSettings = {
    rules: { $ref: '#/definitions/rules' },
    settings: { $ref: '#/definitions/settings' },
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/pcilint/pcilint/blob/main/packages/cli/schema/pcilintrc.schema.json',
    title: 'pcilint configuration',
    description: 'A pcilint configuration file (.pcilintrc.json, .pcilintrc.yaml, package.json#pcilint). See docs/configuration.md.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      extends: {
        description: 'Configurations this one builds on, applied in order before this file (later wins): pcilint:recommended, pcilint:all, plugin:<pack>/<config>, an npm package (pcilint-config-foo as "foo", @scope/pcilint-config as "@scope") or a relative path.',
        anyOf: [{ $ref: '#/definitions/configName' }, { type: 'array', items: { $ref: '#/definitions/configName' } }],
      },
      plugins: {
        description: 'Rule packs to load: an npm package (pcilint-plugin-foo as "foo", @scope/pcilint-plugin as "@scope") or a relative path. A plugin only makes its rules available; extend one of its configs to turn them on.',
        type: 'array',
        items: { type: 'string', minLength: 1 },
      },
      packs: {
        description: 'The older way to add rule packs: each is loaded and its recommended config applied. Package names are used as written.',
        type: 'array',
        items: { type: 'string', minLength: 1 },
      },
      ...rulesAndSettings,
      overrides: {
        description: 'Rules and settings for some files only, applied after every base layer. Globs are relative to the configuration file pcilint found.',
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['files'],
          properties: {
            files: { $ref: '#/definitions/globs' },
            excludedFiles: { $ref: '#/definitions/globs' },
            ...rulesAndSettings,
          },
        },
      },
      ignorePatterns: {
        description: 'Files not to lint, as .gitignore lines relative to the configuration file pcilint found.',
        // draft-07 ignores a $ref's siblings: the description stays beside an allOf.
        allOf: [{ $ref: '#/definitions/globs' }],
      },
    },
    definitions: {
      severity: { description: 'off (0), warn (1) or error (2).', enum: ['off', 'warn', 'error', 0, 1, 2] },
      anyRuleSetting: {
        anyOf: [
          { $ref: '#/definitions/severity' },
          { type: 'array', items: [{ $ref: '#/definitions/severity' }], minItems: 1 },
        ],
      },
      configName: { anyOf: [{ enum: configNames }, { type: 'string', minLength: 1 }] },
      globs: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', items: { type: 'string', minLength: 1 } }] },
      rules: {
        type: 'object',
        description: 'Rule settings by id (<pack>/<rule>): a severity, or [severity, ...options]. A setting replaces the earlier one whole.',
        properties: ruleProperties,
        propertyNames: { pattern: '^[^/]+/.+$' },
        additionalProperties: { $ref: '#/definitions/anyRuleSetting' },
      },
      settings: {
        type: 'object',
        description: "Settings shared by all rules; a plugin's own settings go under its pack name.",
        properties: settingsProperties,
        additionalProperties: { type: 'object' },
      },
    },
  };
}

/** A severity, or [severity, ...options] checked against the rule's option schema (ESLint's convention). */
function ruleSettingSchema(rule: Rule): Record<string, unknown> {
  const { meta } = rule;
  // A web page is linked; a page shipped in the package (file: URL) differs per machine, so the schema names explain instead.
  const docs = /^https?:/.test(meta.docs.url) ? meta.docs.url : `Docs: pcilint explain ${meta.id}`;
  const description = `${meta.docs.description} Default: ${meta.defaultSeverity}. ${docs}`;
  const severity = { $ref: '#/definitions/severity' };
  const schema = meta.schema as Record<string, unknown> | readonly Record<string, unknown>[] | undefined;
  let withOptions: Record<string, unknown>;
  if (schema === undefined) {
    withOptions = { type: 'array', items: [severity], minItems: 1, maxItems: 1 };
  } else if (Array.isArray(schema)) {
    withOptions = { type: 'array', items: [severity, ...schema], minItems: 1, maxItems: 1 + schema.length };
  } else if (Array.isArray((schema as Record<string, unknown>).items)) {
    // One schema for the whole options array, positional: the severity goes first.
    const whole = schema as Record<string, unknown> & { items: unknown[] };
    withOptions = { ...whole, items: [severity, ...whole.items], minItems: 1, ...(typeof whole.maxItems === 'number' ? { maxItems: whole.maxItems + 1 } : {}) };
  } else {
    // A schema for the whole array that a prefix cannot be added to: only the severity is checked here.
    withOptions = { type: 'array', items: [severity], minItems: 1 };
  }
  return { description, anyOf: [severity, withOptions] };
}

/** The text of the shipped schema: the built-in packs', as `npm run build:schema` writes it. */
export async function builtinConfigSchemaText(): Promise<string> {
  const { loadPacks } = await import('./pack-loader.js');
  const { DEFAULT_PACKS } = await import('./default-packs.js');
  const { PRESET_DIR } = await import('./builtin-presets.js');
  return `${JSON.stringify(configJsonSchema(await loadPacks(DEFAULT_PACKS, PRESET_DIR)), null, 2)}\n`;
}
