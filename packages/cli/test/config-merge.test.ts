import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseJsonOutput, removeTree, repoRoot, ROOT_RULE, runMain, tempTree } from './helpers.js';
import { IGNORED_FILE_MESSAGE } from '../src/ignore-file.js';

// The merge rules of docs/configuration.md, one test each, on fixtures/config/.
const configFixtures = path.join(repoRoot, 'fixtures/config');
const dir = (...parts: string[]) => path.join(configFixtures, ...parts);
const OPTIONS_PACK = dir('plugins', 'options-pack.mjs');

type PrintedConfig = { packs: string[]; rules: Record<string, unknown[]>; settings: Record<string, unknown> & { caps: Record<string, boolean> } };

async function printConfig(file: string, cwd = path.dirname(file)): Promise<PrintedConfig> {
  const { code, stdout, stderr } = await runMain(['--print-config', file], { cwd });
  assert.is(stderr, '');
  assert.is(code, 0);
  return JSON.parse(stdout) as PrintedConfig;
}

/** `ruleId severity message` per message, as a user reads the report. */
async function lintLines(cwd: string, args: string[]): Promise<string[]> {
  const { stdout, stderr } = await runMain(['-f', 'json', ...args], { cwd });
  assert.is(stderr, '');
  return parseJsonOutput(stdout).flatMap((r) => r.messages.map((m) => `${path.relative(cwd, r.filePath)} ${m.ruleId} ${m.severity} ${m.message}`));
}

test('off is carried through extends: a rule turned off two files up stays off (Spectral #2211, #2889)', async () => {
  const config = await printConfig(dir('off-through-ancestors', 'guest.xml'));
  assert.equal(config.rules[ROOT_RULE], ['off']);
  // And what the ancestor turns on is carried too (Spectral #1380): opts/quiet is off in opts' own configs.
  assert.equal(config.rules['opts/quiet'], ['error']);
  // A plugin only makes rules available: opts/label is in no config of this chain.
  assert.equal(config.rules['opts/label'], ['off']);
  assert.equal(await lintLines(dir('off-through-ancestors'), ['guest.xml']), ['guest.xml opts/quiet 2 quiet']);
});

test('a chain that names no preset starts from pcilint:recommended; the built-in packs come first', async () => {
  const config = await printConfig(dir('off-through-ancestors', 'guest.xml'));
  assert.equal(config.packs, ['common', 'q35', 'i440fx', 'pseries', 'mach-virt', 'opts']);
  assert.equal(config.rules['common/spare-pcie-ports'], ['warn']);
});

test('later wins: each extends entry after the one before it, the file itself last', async () => {
  const config = await printConfig(dir('later-wins', 'guest.xml'));
  // off.yaml turns it off, on.yaml back on as error, the file itself says warn.
  assert.equal(config.rules[ROOT_RULE], ['warn']);
  // off.yaml's other "off" is not undone by on.yaml, which does not mention it.
  assert.equal(config.rules['common/spare-pcie-ports'], ['off']);
});

test('options are replaced, not merged; a severity alone means the rule\'s default options', async () => {
  const config = await printConfig(dir('options-replaced', 'guest.xml'));
  assert.equal(config.rules['opts/label'], ['warn', { prefix: 'mine: ' }]);
  assert.equal(config.rules['opts/quiet'], ['warn']);
  assert.equal(await lintLines(dir('options-replaced'), ['guest.xml']), ['guest.xml opts/label 1 mine: hello', 'guest.xml opts/quiet 1 quiet']);
});

test('overrides apply after the base, to the files they match, and inherit its settings', async () => {
  const [fresh, legacy, kept] = await Promise.all(['new.xml', 'legacy/old.xml', 'legacy/keep/kept.xml'].map((f) => printConfig(dir('overrides', f))));
  // files: legacy/**, excludedFiles: legacy/keep/**.
  assert.equal([fresh!.rules[ROOT_RULE], legacy!.rules[ROOT_RULE], kept!.rules[ROOT_RULE]], [['error'], ['off'], ['error']]);
  // The override's settings go on top of the base's: spareRootPorts is inherited, one capability changes.
  assert.is(legacy!.settings.spareRootPorts, 3);
  assert.equal(legacy!.settings.caps, { pcieRootPort: false, pciePciBridge: true, virtioTransitional: true, rootPortHotplugAttr: true, piix4RootHotplugAttr: true });
  assert.is(fresh!.settings.caps.pcieRootPort, true);
  // The extended file's override ('*.xml', a name at any depth) applies too (Spectral #2331), merging
  // into the plugin's settings key by key: greeting from the base, loud from the override.
  for (const config of [fresh!, legacy!, kept!]) {
    assert.equal(config.rules['opts/label'], ['warn', { prefix: 'team: ' }]);
    assert.equal(config.settings.opts, { greeting: 'base greeting', loud: true });
  }
  assert.equal(await lintLines(dir('overrides'), ['.']), [
    `legacy/keep/kept.xml opts/label 1 team: base greeting`,
    `legacy/keep/kept.xml ${ROOT_RULE} 2 ${(await rootMessage())}`,
    `legacy/old.xml opts/label 1 team: base greeting`,
    `new.xml opts/label 1 team: base greeting`,
    `new.xml ${ROOT_RULE} 2 ${(await rootMessage())}`,
  ]);
});

test('an override glob is relative to the file pcilint found: the same override misses when the guest is elsewhere', async () => {
  const tree = tempTree({
    '.pcilintrc.json': JSON.stringify({ overrides: [{ files: 'legacy/*.xml', rules: { [ROOT_RULE]: 'off' } }] }),
    'legacy/a.xml': '',
    'other/legacy/b.xml': '',
  });
  try {
    assert.equal((await printConfig(path.join(tree, 'legacy/a.xml'))).rules[ROOT_RULE], ['off']);
    assert.equal((await printConfig(path.join(tree, 'other/legacy/b.xml'))).rules[ROOT_RULE], ['error']);
  } finally {
    removeTree(tree);
  }
});

test('pcilint:all, plugin:<pack>/<config> and package.json#pcilint', async () => {
  const config = await printConfig(dir('package-json', 'guest.xml'));
  assert.equal(config.rules['opts/label'], ['error', { prefix: 'strict: ' }]);
  assert.equal(config.rules['opts/quiet'], ['error']);
  assert.equal(config.rules['common/spare-pcie-ports'], ['warn']);
  assert.equal(await lintLines(dir('package-json'), ['guest.xml']), ['guest.xml opts/label 2 strict: hello', 'guest.xml opts/quiet 2 quiet']);
});

test('extends by npm name: pcilint-config-foo as "foo", @scope/pcilint-config as "@scope", resolved from the config file', async () => {
  const tree = tempTree({
    'node_modules/pcilint-config-foo/package.json': JSON.stringify({ name: 'pcilint-config-foo', main: 'index.json' }),
    'node_modules/pcilint-config-foo/index.json': JSON.stringify({ rules: { [ROOT_RULE]: 'warn' } }),
    'node_modules/@acme/pcilint-config/package.json': JSON.stringify({ name: '@acme/pcilint-config', main: 'config.yaml' }),
    'node_modules/@acme/pcilint-config/config.yaml': `plugins: [pcilint-plugin-opts]\nrules:\n  opts/label: error\n`,
    // The shared config's plugin resolves from the shared config's own directory (its dependencies).
    'node_modules/@acme/pcilint-config/node_modules/pcilint-plugin-opts/package.json': JSON.stringify({ name: 'pcilint-plugin-opts', type: 'module', exports: './index.js' }),
    'node_modules/@acme/pcilint-config/node_modules/pcilint-plugin-opts/index.js': `export { default } from ${JSON.stringify(OPTIONS_PACK)};\n`,
    '.pcilintrc.yaml': 'extends: [foo, "@acme"]\n',
  });
  try {
    const config = await printConfig(path.join(tree, 'guest.xml'));
    assert.equal(config.rules[ROOT_RULE], ['warn']);
    assert.equal(config.rules['opts/label'], ['error']);
  } finally {
    removeTree(tree);
  }
});

test('plugins by npm name: pcilint-plugin-foo as "foo", @scope/pcilint-plugin as "@scope", and the packs key as before', async () => {
  const reexport = `export { default } from ${JSON.stringify(OPTIONS_PACK)};\n`;
  const pkg = (name: string) => JSON.stringify({ name, type: 'module', exports: './index.js' });
  for (const [plugins, folder] of [[['opts'], 'pcilint-plugin-opts'], [['@acme'], '@acme/pcilint-plugin'], [['@acme/opts'], '@acme/pcilint-plugin-opts']] as const) {
    const tree = tempTree({
      [`node_modules/${folder}/package.json`]: pkg(folder),
      [`node_modules/${folder}/index.js`]: reexport,
      '.pcilintrc.json': JSON.stringify({ plugins, extends: ['plugin:opts/recommended'] }),
    });
    try {
      assert.equal((await printConfig(path.join(tree, 'guest.xml'))).rules['opts/label'], ['warn'], folder);
    } finally {
      removeTree(tree);
    }
  }
  // `packs` loads the pack and applies its recommended config, as it always did.
  const tree = tempTree({ '.pcilintrc.json': JSON.stringify({ packs: [OPTIONS_PACK] }) });
  try {
    const config = await printConfig(path.join(tree, 'guest.xml'));
    assert.equal([config.rules['opts/label'], config.rules['opts/quiet']], [['warn'], ['off']]);
  } finally {
    removeTree(tree);
  }
});

test('ignorePatterns add up through extends, are .gitignore lines, and --no-ignore lints everything', async () => {
  const cwd = dir('ignore');
  const linted = async (args: string[]) => {
    const { stdout } = await runMain(['-f', 'json', ...args], { cwd });
    return parseJsonOutput(stdout).map((r) => path.relative(cwd, r.filePath));
  };
  assert.equal(await linted(['.']), ['generated/keep.xml', 'guest.xml']);
  assert.equal(await linted(['--no-ignore', '.']), ['generated/keep.xml', 'generated/out.xml', 'guest.xml', 'vendor/v.xml']);
  // A named file the patterns exclude gets ESLint's 'File ignored' warning in the report, as .pcilintignore's do.
  const named = await runMain(['-f', 'json', 'vendor/v.xml'], { cwd });
  assert.is(named.code, 0);
  assert.equal(parseJsonOutput(named.stdout).map((r) => [path.relative(cwd, r.filePath), r.messages.map((m) => m.message)]), [['vendor/v.xml', [IGNORED_FILE_MESSAGE]]]);
  assert.is(named.stderr, '');
  const quiet = await runMain(['-f', 'json', '--no-warn-ignored', 'vendor/v.xml'], { cwd });
  assert.equal(JSON.parse(quiet.stdout), []);
});

let rootText: string | undefined;
async function rootMessage(): Promise<string> {
  if (rootText === undefined) {
    const { stdout } = await runMain(['-f', 'json', '--no-config-lookup', path.join(repoRoot, 'fixtures/cli/q35-pci-root.xml')]);
    rootText = parseJsonOutput(stdout)[0]!.messages.find((m) => m.ruleId === ROOT_RULE)!.message;
  }
  return rootText;
}

test.run();
