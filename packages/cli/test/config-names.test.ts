import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageNameFor } from '../src/config-names.js';

// ESLint's naming convention with pcilint's prefixes (docs/configuration.md, "Names").
test('short names expand to pcilint-plugin-* / pcilint-config-* packages', () => {
  const cases: [string, string, string][] = [
    ['foo', 'pcilint-plugin-foo', 'pcilint-config-foo'],
    ['foo/strict.yaml', 'pcilint-plugin-foo/strict.yaml', 'pcilint-config-foo/strict.yaml'],
    ['pcilint-plugin-foo', 'pcilint-plugin-foo', 'pcilint-config-pcilint-plugin-foo'],
    ['pcilint-config-foo', 'pcilint-plugin-pcilint-config-foo', 'pcilint-config-foo'],
    ['@acme', '@acme/pcilint-plugin', '@acme/pcilint-config'],
    ['@acme/', '@acme/pcilint-plugin', '@acme/pcilint-config'],
    ['@acme/foo', '@acme/pcilint-plugin-foo', '@acme/pcilint-config-foo'],
    ['@acme/foo/strict', '@acme/pcilint-plugin-foo/strict', '@acme/pcilint-config-foo/strict'],
    ['@acme/pcilint-plugin', '@acme/pcilint-plugin', '@acme/pcilint-config-pcilint-plugin'],
    ['@acme/pcilint-config-x', '@acme/pcilint-plugin-pcilint-config-x', '@acme/pcilint-config-x'],
    ['@pcilint/rules-common', '@pcilint/rules-common', '@pcilint/rules-common'],
    ['./local.mjs', './local.mjs', './local.mjs'],
    ['../up/config.yaml', '../up/config.yaml', '../up/config.yaml'],
    ['/abs/pack.mjs', '/abs/pack.mjs', '/abs/pack.mjs'],
  ];
  for (const [name, plugin, config] of cases) {
    assert.is(packageNameFor('plugin', name), plugin, name);
    assert.is(packageNameFor('config', name), config, name);
  }
});

test.run();
