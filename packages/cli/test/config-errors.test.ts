import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { removeTree, repoRoot, runBin, runMain, tempTree } from './helpers.js';

// Every configuration mistake exits 2 with one message that names the file and the key.
const plugins = path.join(repoRoot, 'fixtures/config/plugins');
const OPTIONS_PACK = path.join(plugins, 'options-pack.mjs');

async function failure(files: Record<string, string>): Promise<{ dir: string; stderr: string }> {
  const dir = tempTree(files);
  const { code, stdout, stderr } = await runMain(['--print-config', 'guest.xml'], { cwd: dir });
  assert.is(code, 2, stderr);
  assert.is(stdout, '');
  return { dir, stderr };
}

const json = (value: unknown) => JSON.stringify(value);

const cases: [string, Record<string, string>, (dir: string) => string][] = [
  ['unknown rule in an override', { '.pcilintrc.json': json({ overrides: [{ files: '*.xml', rules: { 'common/nope': 'warn' } }] }) },
    (d) => `${d}/.pcilintrc.json: overrides[0]: unknown rule "common/nope"`],
  ['bad option', { '.pcilintrc.json': json({ plugins: [OPTIONS_PACK], rules: { 'opts/label': ['warn', { colour: 1 }] } }) },
    (d) => `${d}/.pcilintrc.json: configuration for rule "opts/label" is invalid: options.0 must NOT have additional properties ("colour")`],
  ['missing plugin', { '.pcilintrc.json': json({ plugins: ['foo'] }) },
    (d) => `${d}/.pcilintrc.json: plugins[0]: cannot find pack "pcilint-plugin-foo" from ${d}: it is not installed there`],
  ['throwing plugin', { '.pcilintrc.json': json({ plugins: [path.join(plugins, 'throwing-plugin.mjs')] }) },
    (d) => `${d}/.pcilintrc.json: plugins[0]: cannot load pack "${plugins}/throwing-plugin.mjs" (${plugins}/throwing-plugin.mjs): it threw while loading: the plugin refuses to load`],
  ['missing shared config', { '.pcilintrc.json': json({ extends: ['pcilint:recommended', 'foo'] }) },
    (d) => `${d}/.pcilintrc.json: extends[1]: cannot find "pcilint-config-foo" from ${d}`],
  ['missing extended file', { '.pcilintrc.json': json({ extends: ['./missing.yaml'] }) },
    (d) => `${d}/.pcilintrc.json: extends[0]: cannot read config file ${d}/missing.yaml: ENOENT: no such file or directory, open '${d}/missing.yaml'`],
  ['cycle in extends', { '.pcilintrc.yaml': 'extends: ./a.yaml\n', 'a.yaml': 'extends: [./b.yaml]\n', 'b.yaml': 'extends: [./a.yaml]\n' },
    (d) => `${d}/b.yaml: extends[0]: "./a.yaml" makes a cycle: ${d}/a.yaml -> ${d}/b.yaml -> ${d}/a.yaml`],
  ['bad YAML in an extended file', { '.pcilintrc.yaml': 'extends: ./a.yaml\n', 'a.yaml': 'rules:\n  a: b\n c: d\n' },
    (d) => `${d}/.pcilintrc.yaml: extends[0]: cannot load config file ${d}/a.yaml: bad indentation of a mapping entry (3:2)\n\n 1 | rules:\n 2 |   a: b\n 3 |  c: d\n------^`],
  ['two plugins with one name', { '.pcilintrc.json': json({ plugins: [OPTIONS_PACK, path.join(plugins, 'same-name-plugin.mjs')] }) },
    (d) => `packs "${OPTIONS_PACK}" (${OPTIONS_PACK}) at ${d}/.pcilintrc.json: plugins[0] and "${plugins}/same-name-plugin.mjs" (${plugins}/same-name-plugin.mjs) at ${d}/.pcilintrc.json: plugins[1] are both named "opts": rule ids would clash`],
  ['bad plugin setting', { '.pcilintrc.json': json({ plugins: [OPTIONS_PACK], settings: { opts: { greeting: 3 } } }) },
    (d) => `${d}/.pcilintrc.json: invalid settings: settings.opts.greeting must be string`],
  ['settings of no loaded plugin', { '.pcilintrc.json': json({ settings: { 'example-org': { strict: true } } }) },
    (d) => `${d}/.pcilintrc.json: settings.example-org: unknown setting (not a pcilint setting, and no loaded plugin is named "example-org")`],
  ['unknown preset', { '.pcilintrc.json': json({ extends: 'pcilint:strict' }) },
    (d) => `${d}/.pcilintrc.json: extends[0]: unknown preset "pcilint:strict" (expected "pcilint:recommended" or "pcilint:all")`],
  ['plugin config of a plugin not loaded', { '.pcilintrc.json': json({ extends: ['plugin:opts/recommended'] }) },
    (d) => `${d}/.pcilintrc.json: extends[0]: "plugin:opts/recommended": no loaded plugin is named "opts" (loaded: "common", "q35", "i440fx", "pseries", "mach-virt"); list it under "plugins"`],
  ['plugin config that does not exist', { '.pcilintrc.json': json({ plugins: [OPTIONS_PACK], extends: ['plugin:opts/nope'] }) },
    (d) => `${d}/.pcilintrc.json: extends[0]: plugin "opts" has no config "nope" (it has "recommended", "strict", "all")`],
  ['override without files', { '.pcilintrc.json': json({ overrides: [{ rules: {} }] }) },
    (d) => `${d}/.pcilintrc.json: overrides[0].files: must be a glob or a non-empty array of globs`],
  ['unknown key in an override', { '.pcilintrc.json': json({ overrides: [{ files: '*', extends: 'x' }] }) },
    (d) => `${d}/.pcilintrc.json: overrides[0].extends: unknown key (an override takes "files", "excludedFiles", "rules", "settings")`],
  ['plugins not an array', { '.pcilintrc.yaml': 'plugins: foo\n' },
    (d) => `${d}/.pcilintrc.yaml: plugins: must be an array of plugin names or paths`],
  ['an empty name', { '.pcilintrc.yaml': 'extends: [pcilint:all, ""]\n' },
    (d) => `${d}/.pcilintrc.yaml: extends[1]: must be a non-empty string, not ""`],
];

for (const [name, files, expected] of cases) {
  test(`config error: ${name}`, async () => {
    const { dir, stderr } = await failure(files);
    try {
      assert.is(stderr, `pcilint: ${expected(dir)}\n`);
    } finally {
      removeTree(dir);
    }
  });
}

test('a plugin whose loading never settles: exit 2 after the time limit, even though it holds the event loop', () => {
  const dir = tempTree({ '.pcilintrc.json': json({ plugins: [path.join(plugins, 'hanging-plugin.mjs')] }) });
  try {
    const started = Date.now();
    const { code, stdout, stderr } = runBin(['--print-config', 'guest.xml'], { cwd: dir, env: { PCILINT_PLUGIN_TIMEOUT_MS: '300' } });
    assert.is(code, 2);
    assert.is(stdout, '');
    assert.is(stderr, `pcilint: ${dir}/.pcilintrc.json: plugins[0]: cannot load pack "${plugins}/hanging-plugin.mjs" (${plugins}/hanging-plugin.mjs): it did not finish loading within 300 ms\n`);
    assert.ok(Date.now() - started < 20_000);
  } finally {
    removeTree(dir);
  }
});

test('a plugin that loops synchronously while loading: exit 2 after the time limit (it is tried on a worker thread first)', () => {
  const dir = tempTree({ '.pcilintrc.json': json({ plugins: [path.join(plugins, 'spinning-plugin.mjs')] }) });
  try {
    const { code, stderr } = runBin(['--print-config', 'guest.xml'], { cwd: dir, env: { PCILINT_PLUGIN_TIMEOUT_MS: '300' } });
    assert.is(code, 2);
    assert.is(stderr, `pcilint: ${dir}/.pcilintrc.json: plugins[0]: cannot load pack "${plugins}/spinning-plugin.mjs" (${plugins}/spinning-plugin.mjs): it did not finish loading within 300 ms\n`);
  } finally {
    removeTree(dir);
  }
});

test('a JavaScript configuration that never settles gets the same limit', () => {
  const dir = tempTree({ 'pcilint.config.mjs': 'setInterval(() => {}, 1000);\nawait new Promise(() => {});\nexport default {};\n' });
  try {
    const { code, stderr } = runBin(['--print-config', 'guest.xml'], { cwd: dir, env: { PCILINT_PLUGIN_TIMEOUT_MS: '300' } });
    assert.is(code, 2);
    assert.is(stderr, `pcilint: cannot load config file ${dir}/pcilint.config.mjs: it did not finish loading within 300 ms\n`);
  } finally {
    removeTree(dir);
  }
});

test('a JavaScript configuration that loops synchronously gets the same limit', () => {
  const dir = tempTree({ 'pcilint.config.mjs': 'for (;;) {}\nexport default {};\n' });
  try {
    const { code, stderr } = runBin(['--print-config', 'guest.xml'], { cwd: dir, env: { PCILINT_PLUGIN_TIMEOUT_MS: '300' } });
    assert.is(code, 2);
    assert.is(stderr, `pcilint: cannot load config file ${dir}/pcilint.config.mjs: it did not finish loading within 300 ms\n`);
  } finally {
    removeTree(dir);
  }
});

test('a pack whose rule id lacks its prefix is refused: ids are namespaced by pack', async () => {
  const dir = tempTree({
    'pack.mjs': `export default { name: 'mine', description: '', families: 'all', rules: [{ meta: { id: 'common/stolen', type: 'problem', defaultSeverity: 'warn', docs: { description: 'x' }, messages: {} }, check() {} }], configs: { recommended: { rules: {} } } };\n`,
    '.pcilintrc.json': json({ plugins: ['./pack.mjs'] }),
  });
  try {
    const { code, stderr } = await runMain(['--print-config', 'guest.xml'], { cwd: dir });
    assert.is(code, 2);
    assert.is(stderr, `pcilint: ${dir}/.pcilintrc.json: plugins[0]: pack "./pack.mjs" is not a valid pcilint rule pack: rule "common/stolen" must have an id starting with "mine/", the pack's name: write id: 'mine/stolen'\n`);
  } finally {
    removeTree(dir);
  }
});

test('a mistake in an override is found before any file is linted, even when no file matches it', async () => {
  const dir = tempTree({ '.pcilintrc.json': json({ overrides: [{ files: 'nothing/**', rules: { 'common/nope': 'warn' } }] }), 'guest.xml': '<domain/>' });
  try {
    const { code, stdout, stderr } = await runMain(['guest.xml'], { cwd: dir });
    assert.is(code, 2);
    assert.is(stdout, '');
    assert.is(stderr, `pcilint: ${dir}/.pcilintrc.json: overrides[0]: unknown rule "common/nope"\n`);
  } finally {
    removeTree(dir);
  }
});

test.run();
