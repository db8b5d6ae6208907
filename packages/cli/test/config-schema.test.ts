import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseYaml } from 'yaml';
import { builtinConfigSchemaText } from '../src/config-json-schema.js';
import { cliDir, repoRoot, ROOT_RULE } from './helpers.js';

// Part 8: the shipped JSON Schema is the generated one, and it accepts every fixture configuration.
const schemaFile = path.join(cliDir, 'schema/pcilintrc.schema.json');
const committed = readFileSync(schemaFile, 'utf8');
const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(committed) as object);

test('schema/pcilintrc.schema.json is what npm run build:schema writes', async () => {
  assert.ok(committed === (await builtinConfigSchemaText()), 'stale schema: run "npm run build:schema -w pcilint" and commit the result');
});

/** Every configuration file under the fixtures, parsed as pcilint reads it. */
function fixtureConfigs(): { file: string; config: unknown }[] {
  const found: { file: string; config: unknown }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(file);
      } else if (entry.name === 'package.json') {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { pcilint?: unknown };
        if (pkg.pcilint !== undefined) found.push({ file, config: pkg.pcilint });
      } else if (/\.(json)$/.test(entry.name) && entry.name !== 'expected.json') {
        found.push({ file, config: JSON.parse(readFileSync(file, 'utf8')) });
      } else if (/^\.pcilintrc(\.ya?ml)?$|\.ya?ml$/.test(entry.name)) {
        found.push({ file, config: parseYaml(readFileSync(file, 'utf8')) });
      }
    }
  };
  walk(path.join(repoRoot, 'fixtures/config'));
  walk(path.join(repoRoot, 'fixtures/cli/with-config'));
  return found;
}

test('every fixture configuration validates against the schema', () => {
  const configs = fixtureConfigs();
  assert.ok(configs.length >= 12, `found only ${configs.length} fixture configurations`);
  for (const { file, config } of configs) {
    assert.ok(validate(config), `${path.relative(repoRoot, file)}: ${JSON.stringify(validate.errors)}`);
  }
});

test('the schema refuses what pcilint refuses: a misspelt key, a bad severity, options for a rule without any, a bad setting', () => {
  const refused: unknown[] = [
    { rule: {} },
    { rules: { [ROOT_RULE]: 'loud' } },
    { rules: { [ROOT_RULE]: ['error', { x: 1 }] } },
    { rules: { 'no-slash': 'error' } },
    { settings: { spareRootPorts: -1 } },
    { settings: { caps: { pcieRootPorts: false } } },
    { overrides: [{ rules: {} }] },
    { overrides: [{ files: '*.xml', extends: 'x' }] },
    { extends: [3] },
  ];
  for (const config of refused) assert.not.ok(validate(config), JSON.stringify(config));
  // And it keeps third-party rules and plugin settings open, as pcilint does.
  assert.ok(validate({ rules: { 'acme/any': ['warn', { anything: 1 }] }, settings: { acme: { strict: true } }, extends: ['pcilint:all', 'acme'] }));
});

test('completion: the built-in rules, presets and settings are listed with their descriptions', () => {
  const schema = JSON.parse(committed) as {
    definitions: { rules: { properties: Record<string, { description: string }> }; configName: { anyOf: [{ enum: string[] }] }; settings: { properties: Record<string, { description?: string }> } };
  };
  assert.match(schema.definitions.rules.properties[ROOT_RULE]!.description, /Default: error\. Docs: pcilint explain common\/root-model-matches-machine$/);
  assert.ok(schema.definitions.configName.anyOf[0].enum.includes('pcilint:recommended'));
  assert.ok(schema.definitions.configName.anyOf[0].enum.includes('plugin:q35/recommended'));
  assert.match(schema.definitions.settings.properties.spareRootPorts!.description!, /PCIe ports/);
});

test.run();
