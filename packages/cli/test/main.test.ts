// In-process: main() with captured stdout/stderr, on sources (tsx).
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ANSI, ROOT_RULE, fixture, repoRoot, messagesOf, parseJsonOutput, readFixture, removeTree, runMain, tempTree,
} from './helpers.js';

const WARN_PACK = fixture('packs', 'warn-pack.mjs');
const clean = readFixture('clean-q35.xml');
const wrongRoot = readFixture('q35-pci-root.xml');

type PrintedConfig = { packs: string[]; rules: Record<string, unknown[]>; settings: Record<string, unknown> };

async function printConfig(file: string, options: Parameters<typeof runMain>[1] = {}, extraArgs: string[] = []): Promise<PrintedConfig> {
  const { code, stdout, stderr } = await runMain([...extraArgs, '--print-config', file], options);
  assert.is(code, 0, stderr);
  return JSON.parse(stdout) as PrintedConfig;
}

test('the nearest configuration file wins and configurations do not cascade', async () => {
  const dir = tempTree({
    '.pcilintrc.json': JSON.stringify({ rules: { [ROOT_RULE]: 'off' } }),
    'sub/.pcilintrc.yaml': 'settings:\n  spareRootPorts: 3\n',
    'sub/guest.xml': wrongRoot,
    'guest.xml': wrongRoot,
  });
  try {
    const top = await printConfig(path.join(dir, 'guest.xml'));
    assert.equal(top.rules[ROOT_RULE], ['off']);
    assert.is(top.settings.spareRootPorts, 1);
    const sub = await printConfig(path.join(dir, 'sub', 'guest.xml'));
    assert.equal(sub.rules[ROOT_RULE], ['error'], 'the parent .pcilintrc.json is not merged in');
    assert.is(sub.settings.spareRootPorts, 3);

    const { code, stdout } = await runMain(['-f', 'json', '.'], { cwd: dir });
    assert.is(code, 1);
    const results = parseJsonOutput(stdout);
    assert.equal(results.map((r) => r.filePath), [path.join(dir, 'guest.xml'), path.join(dir, 'sub', 'guest.xml')]);
    assert.is(messagesOf([results[0]!], ROOT_RULE).length, 0);
    assert.is(messagesOf([results[1]!], ROOT_RULE).length, 1);
  } finally {
    removeTree(dir);
  }
});

test('every search place is found: package.json "pcilint", .pcilintrc (YAML), .yml, pcilint.config.js and .mjs', async () => {
  const places: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'guest-repo', pcilint: { rules: { [ROOT_RULE]: 'warn' } } }),
    '.pcilintrc': `rules:\n  ${ROOT_RULE}: warn\n`,
    '.pcilintrc.yml': `rules:\n  ${ROOT_RULE}: [warn]\n`,
    'pcilint.config.js': `export default { rules: { '${ROOT_RULE}': 'warn' } };\n`,
    'pcilint.config.mjs': `export default { rules: { '${ROOT_RULE}': 1 } };\n`,
  };
  for (const [name, content] of Object.entries(places)) {
    const dir = tempTree({ [name]: content, 'package.json': '{"name":"x","type":"module"}', ...(name === 'package.json' ? { [name]: content } : {}) });
    try {
      const config = await printConfig(path.join(dir, 'guest.xml'));
      assert.equal(config.rules[ROOT_RULE], ['warn'], name);
    } finally {
      removeTree(dir);
    }
  }
});

test('a package.json without a "pcilint" key is not a configuration; the search goes on upward', async () => {
  const dir = tempTree({
    '.pcilintrc.json': JSON.stringify({ rules: { [ROOT_RULE]: 'off' } }),
    'project/package.json': JSON.stringify({ name: 'project' }),
  });
  try {
    assert.equal((await printConfig(path.join(dir, 'project', 'guest.xml'))).rules[ROOT_RULE], ['off']);
  } finally {
    removeTree(dir);
  }
});

test('--config replaces the search; --no-config-lookup ignores configuration files', async () => {
  const dir = tempTree({
    '.pcilintrc.json': JSON.stringify({ rules: { [ROOT_RULE]: 'off' } }),
    'elsewhere/strict.yaml': `rules:\n  ${ROOT_RULE}: warn\n`,
  });
  try {
    const file = path.join(dir, 'guest.xml');
    assert.equal((await printConfig(file, { cwd: dir }, ['--config', 'elsewhere/strict.yaml'])).rules[ROOT_RULE], ['warn']);
    assert.equal((await printConfig(file, {}, ['--no-config-lookup'])).rules[ROOT_RULE], ['error']);
    const missing = await runMain(['--config', 'nope.json', '--print-config', file], { cwd: dir });
    assert.is(missing.code, 2);
    assert.match(missing.stderr, new RegExp(`^pcilint: cannot read config file ${escape(path.join(dir, 'nope.json'))}: ENOENT`));
  } finally {
    removeTree(dir);
  }
});

test('configuration mistakes exit 2 with the file path: unknown key, unknown rule, bad severity, bad settings', async () => {
  const cases: [string, unknown, RegExp][] = [
    ['unknown key', { rule: {} }, /unknown top-level key "rule"/],
    ['packs type', { packs: 'x' }, /"packs" must be an array/],
    ['unknown rule', { rules: { 'common/nope': 'error' } }, /unknown rule "common\/nope"/],
    ['bad severity', { rules: { [ROOT_RULE]: 'loud' } }, /configuration for rule "common\/root-model-matches-machine" is invalid/],
    ['bad option', { rules: { [ROOT_RULE]: ['error', { x: 1 }] } }, /the rule takes no options/],
    ['not an object', [1, 2], /must be an object/],
  ];
  for (const [name, config, pattern] of cases) {
    const dir = tempTree({ '.pcilintrc.json': JSON.stringify(config), 'guest.xml': clean });
    try {
      const { code, stdout, stderr } = await runMain(['guest.xml'], { cwd: dir });
      assert.is(code, 2, name);
      assert.is(stdout, '', name);
      assert.ok(stderr.startsWith(`pcilint: ${path.join(dir, '.pcilintrc.json')}: `), `${name}: ${stderr}`);
      assert.match(stderr, pattern, name);
    } finally {
      removeTree(dir);
    }
  }
  const dir = tempTree({ '.pcilintrc.json': JSON.stringify({ settings: { spareRootPorts: -1 } }), 'guest.xml': clean });
  try {
    const { code, stderr } = await runMain(['guest.xml'], { cwd: dir });
    assert.is(code, 2);
    assert.is(stderr, `pcilint: ${path.join(dir, '.pcilintrc.json')}: invalid settings: settings.spareRootPorts must be >= 0\n`);
  } finally {
    removeTree(dir);
  }
});

test('parse errors in YAML and JavaScript configuration name the file and the position', async () => {
  const yaml = tempTree({ '.pcilintrc.yaml': 'rules:\n  a: [\n', 'guest.xml': clean });
  const js = tempTree({ 'pcilint.config.mjs': 'const x = 1;\nexport default {;\n', 'guest.xml': clean });
  try {
    const y = await runMain(['guest.xml'], { cwd: yaml });
    assert.is(y.code, 2);
    assert.ok(y.stderr.startsWith(`pcilint: cannot load config file ${path.join(yaml, '.pcilintrc.yaml')}: `));
    assert.match(y.stderr, /\(3:1\)/);
    const j = await runMain(['guest.xml'], { cwd: js });
    assert.is(j.code, 2);
    assert.is(j.stderr, `pcilint: cannot load config file ${path.join(js, 'pcilint.config.mjs')}: Unexpected token ';' at line 2\n`);
  } finally {
    removeTree(yaml);
    removeTree(js);
  }
});

test('packs from configuration: by path relative to the config file, by package name from its node_modules', async () => {
  const dir = tempTree({
    'node_modules/pcilint-pack-demo/package.json': JSON.stringify({ name: 'pcilint-pack-demo', type: 'module', exports: './index.js' }),
    'node_modules/pcilint-pack-demo/index.js': `export { default } from ${JSON.stringify(WARN_PACK)};\n`,
    'by-name/.pcilintrc.json': JSON.stringify({ packs: ['pcilint-pack-demo'] }),
    'by-name/guest.xml': clean,
    'by-path/.pcilintrc.json': JSON.stringify({ packs: ['../local/pack.mjs'] }),
    'local/pack.mjs': `export { default as pack } from ${JSON.stringify(WARN_PACK)};\n`,
    'by-path/guest.xml': clean,
  });
  try {
    const { code, stdout, stderr } = await runMain(['-f', 'json', 'by-name', 'by-path'], { cwd: dir });
    assert.is(code, 0, stderr);
    const results = parseJsonOutput(stdout);
    assert.is(results.length, 2);
    for (const result of results) {
      const [warning] = messagesOf([result], 'cli-test/every-domain');
      assert.ok(warning, result.filePath);
      assert.equal({ severity: warning!.severity, line: warning!.line, column: warning!.column, message: warning!.message },
        { severity: 1, line: 1, column: 1, message: 'Domain guest was seen.' });
      assert.ok(result.warningCount >= 1 && result.fixableWarningCount >= 1);
    }
    const printed = await printConfig(path.join(dir, 'by-name', 'guest.xml'));
    assert.equal(printed.packs.slice(0, 2), ['common', 'q35'], 'default packs come first');
    assert.ok(printed.packs.includes('cli-test'));
    assert.equal(printed.rules['cli-test/every-domain'], ['warn']);
  } finally {
    removeTree(dir);
  }
});

test('a pack that cannot be found or is not a pack: exit 2 naming the specifier', async () => {
  const cases: [string, RegExp][] = [
    ['pcilint-pack-missing', /^pcilint: \/.*\.pcilintrc\.json: packs\[0\]: cannot find pack "pcilint-pack-missing" from \/.*: it is not installed there\n$/],
    ['./missing.mjs', /^pcilint: \/.*\.pcilintrc\.json: packs\[0\]: cannot find pack "\.\/missing\.mjs" relative to .*: no such module\n$/],
    [fixture('packs', 'not-a-pack.mjs'), /^pcilint: \/.*\.pcilintrc\.json: packs\[0\]: pack ".*not-a-pack\.mjs" is not a valid pcilint rule pack \(3 problems\):\n  - "name" must be a non-empty string, .*\n  - "families" must be .*\n  - "rules" must be an array .*\n$/],
  ];
  for (const [specifier, pattern] of cases) {
    const dir = tempTree({ '.pcilintrc.json': JSON.stringify({ packs: [specifier] }), 'guest.xml': clean });
    try {
      const { code, stderr } = await runMain(['guest.xml'], { cwd: dir });
      assert.is(code, 2, specifier);
      assert.match(stderr, pattern);
    } finally {
      removeTree(dir);
    }
  }
});

test('two different packs with the same name: exit 2 naming both', async () => {
  const dir = tempTree({
    'copy.mjs': `export { default } from ${JSON.stringify(WARN_PACK)};\nexport const extra = 1;\n`,
    'other.mjs': `import pack from ${JSON.stringify(WARN_PACK)};\nexport default { ...pack, rules: [] };\n`,
    '.pcilintrc.json': JSON.stringify({ packs: ['./copy.mjs', './other.mjs'] }),
  });
  try {
    const { code, stderr } = await runMain(['--print-config', path.join(dir, 'guest.xml')]);
    assert.is(code, 2);
    assert.match(stderr, /^pcilint: packs "\.\/copy\.mjs" \(.*copy\.mjs\) at .*\.pcilintrc\.json: packs\[0\] and "\.\/other\.mjs" \(.*other\.mjs\) at .*\.pcilintrc\.json: packs\[1\] are both named "cli-test": rule ids would clash\n$/);
  } finally {
    removeTree(dir);
  }
});

test('listing a pack twice loads it once', async () => {
  const dir = tempTree({ '.pcilintrc.json': JSON.stringify({ packs: ['@pcilint/rules-common', WARN_PACK, WARN_PACK] }) });
  try {
    const printed = await printConfig(path.join(dir, 'guest.xml'));
    assert.equal(printed.packs, ['common', 'q35', 'i440fx', 'pseries', 'mach-virt', 'cli-test']);
  } finally {
    removeTree(dir);
  }
});

test('--rule accepts severities, numbers, JSON and YAML-ish arrays, and several rules in one mapping', async () => {
  const file = fixture('q35-pci-root.xml');
  const cases: [string, unknown[]][] = [
    [`${ROOT_RULE}: off`, ['off']],
    [`${ROOT_RULE}:warn`, ['warn']],
    [`${ROOT_RULE}: 2`, ['error']],
    [`${ROOT_RULE}: ["warn"]`, ['warn']],
    [`${ROOT_RULE}: [warn]`, ['warn']],
    [`{${ROOT_RULE}: off}`, ['off']],
  ];
  for (const [arg, expected] of cases) {
    assert.equal((await printConfig(file, {}, ['--rule', arg])).rules[ROOT_RULE], expected, arg);
  }
  const later = await printConfig(file, {}, ['--rule', `${ROOT_RULE}: off`, '--rule', `${ROOT_RULE}: warn`]);
  assert.equal(later.rules[ROOT_RULE], ['warn'], 'the last --rule wins');

  for (const bad of ['no-colon', `${ROOT_RULE}:`, `${ROOT_RULE}: [warn`]) {
    const { code, stderr } = await runMain(['--rule', bad, file]);
    assert.is(code, 2, bad);
    assert.match(stderr, /^pcilint: invalid --rule "/, bad);
  }
  const unknown = await runMain(['--rule', 'common/nope: warn', file]);
  assert.is(unknown.code, 2);
  assert.match(unknown.stderr, /^pcilint: --rule: unknown rule "common\/nope"/);
});

test('usage errors exit 2: unknown format, missing option value, bad --max-warnings', async () => {
  const file = fixture('clean-q35.xml');
  const cases: [string[], string][] = [
    [['--format', 'xml', file], 'pcilint: unknown format "xml"; expected one of: stylish, json, json-with-metadata, sarif, junit, checkstyle, compact, unix, github, gitlab, html, an installed package pcilint-formatter-xml or eslint-formatter-xml, or a path to a formatter module\n'],
    [['--format'], 'pcilint: option "--format" needs a value\n'],
    [['--max-warnings', 'many', file], 'pcilint: --max-warnings expects a whole number (or -1 for no limit), not "many"\n'],
    [['--quiet=yes', file], 'pcilint: option "--quiet" does not take a value\n'],
  ];
  for (const [args, message] of cases) {
    const { code, stdout, stderr } = await runMain(args);
    assert.is(code, 2, args.join(' '));
    assert.is(stdout, '');
    assert.is(stderr, `${message}Run "pcilint --help" for usage.\n`);
  }
});

test('an unreadable file is reported with the others and the run exits 2', async () => {
  const dir = tempTree({ 'good.xml': readFileSync(path.join(repoRoot, 'fixtures/examples/q35-web-server.xml'), 'utf8') });
  try {
    symlinkSync('loop.xml', path.join(dir, 'loop.xml'));
    const { code, stdout, stderr } = await runMain(['--format', 'json', 'loop.xml', 'good.xml'], { cwd: dir });
    assert.is(code, 2);
    // Sorted: good.xml first.
    const [good, loop] = JSON.parse(stdout) as { filePath: string; messages: { message: string; fatal?: boolean; line: number }[] }[];
    assert.equal(loop.messages.map((m) => [m.fatal, m.line, m.message]), [[true, 1, 'File not read: symbolic link loop: the link resolves to itself']]);
    assert.is(good.filePath, path.join(dir, 'good.xml'));
    assert.is(stderr, 'pcilint: 1 file(s) could not be read (see "File not read" above).\n');
  } finally {
    removeTree(dir);
  }
});

test('a directory without XML files, and an empty directory argument list, are unmatched patterns', async () => {
  const dir = tempTree({ 'notes.txt': 'hello', 'sub/readme.md': '#' });
  try {
    const named = await runMain(['sub'], { cwd: dir });
    assert.is(named.code, 2);
    assert.is(named.stderr, 'pcilint: No files matching the pattern "sub" were found.\n');
    const implicit = await runMain([], { cwd: dir });
    assert.is(implicit.code, 2);
    assert.is(implicit.stderr, 'pcilint: No files matching the pattern "." were found.\n');
    const tolerated = await runMain(['--no-error-on-unmatched-pattern', 'sub'], { cwd: dir });
    assert.is(tolerated.code, 0);
    assert.is(tolerated.stdout, '');
  } finally {
    removeTree(dir);
  }
});

test('directories are searched for .xml files, including dot-directories but not node_modules', async () => {
  const dir = tempTree({
    'a/guest.xml': wrongRoot,
    '.hidden/guest.xml': wrongRoot,
    'node_modules/pkg/guest.xml': wrongRoot,
    'a/guest.txt': wrongRoot,
  });
  mkdirSync(path.join(dir, 'empty'));
  try {
    const { stdout } = await runMain(['-f', 'json', '.', 'a', 'a/guest.xml'], { cwd: dir });
    assert.equal(parseJsonOutput(stdout).map((r) => path.relative(dir, r.filePath)), ['.hidden/guest.xml', 'a/guest.xml']);
  } finally {
    removeTree(dir);
  }
});

test('the stylish output is coloured only when asked for or on a terminal', async () => {
  const file = fixture('q35-pci-root.xml');
  assert.not.match((await runMain([file])).stdout, ANSI);
  assert.match((await runMain([file], { isTTY: true })).stdout, ANSI);
  assert.not.match((await runMain([file], { isTTY: true, env: { NO_COLOR: '1' } })).stdout, ANSI);
  assert.match((await runMain([file], { isTTY: true, env: { NO_COLOR: '' } })).stdout, ANSI, 'an empty NO_COLOR does not count');
  assert.not.match((await runMain(['--no-color', file], { isTTY: true })).stdout, ANSI);
  assert.match((await runMain([file], { env: { FORCE_COLOR: '1' } })).stdout, ANSI);
});

test('warnings from a pack: exit 0, counted, fixable summary, and --max-warnings/--quiet in process', async () => {
  const dir = tempTree({ '.pcilintrc.json': JSON.stringify({ packs: [WARN_PACK] }), 'guest.xml': clean });
  try {
    const plain = await runMain(['guest.xml'], { cwd: dir });
    assert.is(plain.code, 0);
    assert.ok(plain.stdout.includes('  1:1  warning  Domain guest was seen  cli-test/every-domain'), plain.stdout);
    assert.match(plain.stdout, /✖ \d+ problems? \(0 errors, \d+ warnings?\)\n {2}0 errors and \d+ warnings? potentially fixable\n/);

    const limited = await runMain(['--max-warnings', '0', 'guest.xml'], { cwd: dir });
    assert.is(limited.code, 1);
    assert.is(limited.stderr, 'pcilint found too many warnings (maximum: 0).\n');

    const quiet = await runMain(['--quiet', '--max-warnings', '0', 'guest.xml'], { cwd: dir });
    assert.is(quiet.code, 0);
    assert.is(quiet.stdout, '');
  } finally {
    removeTree(dir);
  }
});

test('--list-rules lists every loaded rule, as text or JSON', async () => {
  const text = await runMain(['--list-rules'], { columns: 250 });
  assert.is(text.code, 0);
  const lines = text.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^RULE\s+PACK\s+DEFAULT\s+CONFIGURED\s+FIXABLE\s+DESCRIPTION$/);
  assert.ok(lines.some((l) => /^common\/root-model-matches-machine\s+common\s+error\s+error\s+yes\s+The PCI controller/.test(l)));
  assert.is(lines.at(-1), 'pcilint explain <rule-id> prints a rule\'s options and docs page.');

  const json = await runMain(['--list-rules', '-f', 'json', '--rule', `${ROOT_RULE}: warn`]);
  const rows = JSON.parse(json.stdout) as { id: string; pack: string; defaultSeverity: string; severity: string; fixable: boolean }[];
  const row = rows.find((r) => r.id === ROOT_RULE);
  assert.equal({ pack: row?.pack, defaultSeverity: row?.defaultSeverity, severity: row?.severity, fixable: row?.fixable },
    { pack: 'common', defaultSeverity: 'error', severity: 'warn', fixable: true });
});

test('--stdin with an empty input is a fatal parsing error, not a crash', async () => {
  const { code, stdout } = await runMain(['--stdin', '-f', 'json'], { input: '' });
  assert.is(code, 1);
  const [result] = parseJsonOutput(stdout);
  assert.is(result!.filePath, '<text>');
  assert.is(result!.fatalErrorCount, 1);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test.run();
