import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { removeTree, repoRoot, ROOT_RULE, runMain, tempTree } from './helpers.js';

// Issue 12 part 5: configuration is code only where the user says so.
const OPTIONS_PACK = path.join(repoRoot, 'fixtures/config/plugins/options-pack.mjs');

/** A package whose loading leaves a file behind: if the file appears, pcilint ran code it should not have. */
function evilPackage(name: string, sentinel: string): Record<string, string> {
  return {
    [`node_modules/${name}/package.json`]: JSON.stringify({ name, type: 'module', exports: './index.js' }),
    [`node_modules/${name}/index.js`]: `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(sentinel)}, 'ran');\nexport default { name: 'opts', description: 'evil', families: 'all', rules: [], configs: { recommended: { rules: {} } } };\n`,
  };
}

function goodPackage(name: string): Record<string, string> {
  return {
    [`node_modules/${name}/package.json`]: JSON.stringify({ name, type: 'module', exports: './index.js' }),
    [`node_modules/${name}/index.js`]: `export { default } from ${JSON.stringify(OPTIONS_PACK)};\n`,
  };
}

test('YAML tags that would build functions or regular expressions are refused, not run', async () => {
  for (const tag of ['!!js/function "function () { require(\'fs\').writeFileSync(\'ran\', \'\') }"', '!!js/regexp /x/', '!!js/undefined ""']) {
    const dir = tempTree({ '.pcilintrc.yaml': `rules:\n  ${ROOT_RULE}: ${tag}\n` });
    try {
      const { code, stderr } = await runMain(['--print-config', 'guest.xml'], { cwd: dir });
      assert.is(code, 2, tag);
      assert.match(stderr, new RegExp(`^pcilint: cannot load config file ${dir}/\\.pcilintrc\\.yaml: unknown tag !<tag:yaml.org,2002:js/`), tag);
      assert.not.ok(existsSync(path.join(dir, 'ran')));
    } finally {
      removeTree(dir);
    }
  }
});

test('__proto__ in JSON or YAML is a key like any other: refused, and no prototype is touched', async () => {
  const cases: [string, string, string][] = [
    ['.pcilintrc.json', '{"__proto__": {"rules": {"x": "off"}}}', 'unknown top-level key "__proto__"'],
    ['.pcilintrc.yaml', '__proto__:\n  polluted: true\n', 'unknown top-level key "__proto__"'],
    ['.pcilintrc.json', '{"rules": {"__proto__": {"polluted": true}}}', 'unknown rule "__proto__"'],
    ['.pcilintrc.yaml', 'settings:\n  __proto__:\n    polluted: true\n', 'settings.__proto__: unknown setting'],
    ['.pcilintrc.json', '{"overrides": [{"files": "*", "settings": {"caps": {"__proto__": {"polluted": true}}}}]}', 'invalid settings: settings.caps must NOT have additional properties ("__proto__")'],
  ];
  for (const [name, content, message] of cases) {
    const dir = tempTree({ [name]: content });
    try {
      const { code, stderr } = await runMain(['--print-config', 'guest.xml'], { cwd: dir });
      assert.is(code, 2, content);
      assert.ok(stderr.startsWith(`pcilint: ${dir}/${name}: `) && stderr.includes(message), stderr);
      assert.is(({} as Record<string, unknown>).polluted, undefined);
      assert.is((Object.prototype as Record<string, unknown>).rules, undefined);
    } finally {
      removeTree(dir);
    }
  }
});

test('plugins resolve from the configuration file\'s directory, never from the linted file\'s', async () => {
  const root = tempTree({});
  const sentinel = path.join(root, 'ran');
  const dir = tempTree({ '.pcilintrc.json': JSON.stringify({ plugins: ['opts'] }) });
  removeTree(root);
  const project = tempTree({ ...evilPackage('pcilint-plugin-opts', sentinel), 'guest.xml': '<domain/>' });
  try {
    // The linted file's directory has the package; the configuration's does not.
    const { code, stderr } = await runMain(['--config', path.join(dir, '.pcilintrc.json'), '--print-config', 'guest.xml'], { cwd: project });
    assert.is(code, 2);
    assert.is(stderr, `pcilint: ${dir}/.pcilintrc.json: plugins[0]: cannot find pack "pcilint-plugin-opts" from ${dir}: it is not installed there\n`);
    assert.not.ok(existsSync(sentinel));
  } finally {
    removeTree(dir);
    removeTree(project);
  }
});

test('--config outside the project: its plugins and shared configs come from its own directory', async () => {
  const shared = tempTree({
    ...goodPackage('pcilint-plugin-opts'),
    'node_modules/pcilint-config-team/package.json': JSON.stringify({ name: 'pcilint-config-team', main: 'index.yaml' }),
    'node_modules/pcilint-config-team/index.yaml': `rules:\n  ${ROOT_RULE}: warn\n`,
    'pcilint.yaml': 'extends: [team, plugin:opts/strict]\nplugins: [opts]\n',
  });
  const sentinel = path.join(shared, 'ran');
  const project = tempTree({
    ...evilPackage('pcilint-plugin-opts', sentinel),
    'node_modules/pcilint-config-team/package.json': JSON.stringify({ name: 'pcilint-config-team', main: 'index.json' }),
    'node_modules/pcilint-config-team/index.json': JSON.stringify({ rules: { [ROOT_RULE]: 'off' } }),
    'guests/guest.xml': '<domain/>',
  });
  try {
    const { code, stdout, stderr } = await runMain(['--config', path.join(shared, 'pcilint.yaml'), '--print-config', 'guests/guest.xml'], { cwd: project });
    assert.is(stderr, '');
    assert.is(code, 0);
    const config = JSON.parse(stdout) as { rules: Record<string, unknown[]> };
    assert.equal(config.rules[ROOT_RULE], ['warn']);
    assert.equal(config.rules['opts/label'], ['error', { prefix: 'strict: ' }]);
    assert.not.ok(existsSync(sentinel));
  } finally {
    removeTree(shared);
    removeTree(project);
  }
});

test('a built-in pack\'s package name always means pcilint\'s own copy, not a project\'s', async () => {
  const project = tempTree({});
  const sentinel = path.join(project, 'ran');
  const files = evilPackage('@pcilint/rules-common', sentinel);
  const dir = tempTree({ ...files, '.pcilintrc.json': JSON.stringify({ packs: ['@pcilint/rules-common'] }) });
  try {
    const { code, stdout } = await runMain(['--print-config', 'guest.xml'], { cwd: dir });
    assert.is(code, 0);
    assert.equal((JSON.parse(stdout) as { packs: string[] }).packs, ['common', 'q35', 'i440fx', 'pseries', 'mach-virt']);
    assert.not.ok(existsSync(sentinel));
  } finally {
    removeTree(dir);
    removeTree(project);
  }
});

test.run();
