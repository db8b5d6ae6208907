// End-to-end: the bin (packages/cli/bin/pcilint.cjs, running the built start-up bundle) as a child process.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ANSI, ROOT_RULE, cliDir, fixture, messagesOf, parseJsonOutput, readFixture, removeTree, runBin, tempTree,
} from './helpers.js';

const version = (JSON.parse(readFileSync(path.join(cliDir, 'package.json'), 'utf8')) as { version: string }).version;

test('--version prints the package version and exits 0', () => {
  const { code, stdout, stderr } = runBin(['--version']);
  assert.is(code, 0);
  assert.is(stdout, `${version}\n`);
  assert.is(stderr, '');
});

test('--help lists every option and exits 0', () => {
  const { code, stdout } = runBin(['--help']);
  assert.is(code, 0);
  assert.match(stdout, /^Usage: pcilint \[options\] <file\|dir\|glob>\.\.\./);
  for (const option of [
    '--config', '--no-config-lookup', '--rule', '--stdin', '--stdin-filename', '--no-ignore',
    '--no-error-on-unmatched-pattern', '--format', '--color', '--no-color', '--quiet', '--max-warnings',
    '--print-config', '--list-rules', '--help', '--version',
  ]) {
    assert.ok(stdout.includes(option), `help mentions ${option}`);
  }
});

test('an unknown option is a usage error: exit 2, hint on stderr, nothing on stdout', () => {
  const { code, stdout, stderr } = runBin(['--bogus', fixture('clean-q35.xml')]);
  assert.is(code, 2);
  assert.is(stdout, '');
  assert.is(stderr, 'pcilint: unknown option "--bogus"\nRun "pcilint --help" for usage.\n');
});

test('a clean guest exits 0 and --quiet prints nothing', () => {
  const { code, stdout, stderr } = runBin(['--quiet', fixture('clean-q35.xml')]);
  assert.is(code, 0);
  assert.is(stdout, '');
  assert.is(stderr, '');
});

test('a guest with an error exits 1 and stylish shows path, position, severity, rule and summary', () => {
  const { code, stdout, stderr } = runBin(['--no-color', fixture('q35-pci-root.xml')]);
  assert.is(code, 1);
  assert.is(stderr, '');
  assert.ok(stdout.includes(`\n${fixture('q35-pci-root.xml')}\n`), 'absolute file path on its own line');
  // A pipe is laid out for 80 columns: the message wraps in its column and the rule id stays whole.
  const lines = stdout.split('\n');
  const first = lines.findIndex((line) => line.startsWith('  8:38  error  '));
  assert.ok(first >= 0, 'a row for the rule');
  assert.match(lines[first]!, /^ {2}8:38 {2}error {2}The PCI controller with index='0' must be model='pcie-root'/);
  const row = lines.slice(first, first + 3);
  assert.ok(row.every((line) => line.length <= 80), row.join('\n'));
  assert.ok(row.some((line) => line.endsWith(ROOT_RULE)), row.join('\n'));
  assert.match(stdout, /\n✖ \d+ problems? \(\d+ errors?, \d+ warnings?\)\n/);
  assert.not.match(stdout, ANSI);
});

test('--format json has the shape of ESLint\'s JSON formatter', () => {
  const file = fixture('q35-pci-root.xml');
  const { code, stdout } = runBin(['--format', 'json', file]);
  assert.is(code, 1);
  assert.not.match(stdout, ANSI);
  const results = parseJsonOutput(stdout);
  assert.is(results.length, 1);
  const [result] = results;
  assert.equal(Object.keys(result!).slice(0, 9), [
    'filePath', 'messages', 'suppressedMessages', 'errorCount', 'fatalErrorCount', 'warningCount',
    'fixableErrorCount', 'fixableWarningCount', 'source',
  ]);
  assert.is(result!.filePath, file);
  assert.equal(result!.suppressedMessages, []);
  assert.is(result!.source, readFixture('q35-pci-root.xml'));
  assert.is(result!.fatalErrorCount, 0);
  assert.ok(result!.errorCount >= 1);
  const [message] = messagesOf(results, ROOT_RULE);
  assert.ok(message);
  assert.equal(
    { ...message, message: undefined },
    {
      ruleId: ROOT_RULE,
      severity: 2,
      message: undefined,
      line: 8,
      column: 38,
      messageId: 'wrongRoot',
      endLine: 8,
      endColumn: message!.endColumn,
      fix: { range: message!.fix!.range, text: 'pcie-root' },
    },
  );
  assert.not.ok('range' in message!, 'the internal range field is dropped');
  assert.ok(message!.endColumn! > 38);
  const [start, end] = message!.fix!.range;
  assert.is(result!.source!.slice(start, end), 'pci-root', 'the fix replaces the model value');
});

test('a malformed file is a fatal parsing error: exit 1, ruleId null', () => {
  const { code, stdout } = runBin(['-f', 'json', fixture('malformed.xml')]);
  assert.is(code, 1);
  const [result] = parseJsonOutput(stdout);
  assert.is(result!.fatalErrorCount, 1);
  assert.is(result!.errorCount, 1);
  assert.equal(result!.messages.length, 1);
  const [message] = result!.messages;
  assert.is(message!.ruleId, null);
  assert.is(message!.fatal, true);
  assert.is(message!.severity, 2);
  assert.is(message!.line, 5);
  assert.match(message!.message, /^Parsing error: /);
});

test('a non-domain file is skipped: exit 0, "skipped" in JSON, a dim note in stylish', () => {
  const json = runBin(['-f', 'json', fixture('network.xml')]);
  assert.is(json.code, 0);
  const [result] = parseJsonOutput(json.stdout);
  assert.equal(result!.messages, []);
  assert.is(result!.skipped, 'root element <network> is not a libvirt <domain>');
  assert.not.ok('source' in result!, 'no source without messages, like ESLint');

  const stylish = runBin([fixture('network.xml')]);
  assert.is(stylish.code, 0);
  assert.ok(stylish.stdout.includes(`${fixture('network.xml')}: skipped (root element <network> is not a libvirt <domain>)`));
  assert.not.ok(stylish.stdout.includes('problem'));
});

test('--stdin lints standard input as <text>; --stdin-filename sets the path and the config lookup', () => {
  const text = readFixture('q35-pci-root.xml');
  const plain = runBin(['--stdin', '-f', 'json'], { input: text });
  assert.is(plain.code, 1);
  const [result] = parseJsonOutput(plain.stdout);
  assert.is(result!.filePath, '<text>');
  assert.is(messagesOf([result!], ROOT_RULE).length, 1);

  const named = fixture('with-config', 'from-stdin.xml');
  const configured = runBin(['--stdin', '--stdin-filename', named, '-f', 'json'], { input: text });
  const [configuredResult] = parseJsonOutput(configured.stdout);
  assert.is(configuredResult!.filePath, named);
  assert.is(messagesOf([configuredResult!], ROOT_RULE).length, 0, 'with-config/.pcilintrc.json turns the rule off');
});

test('--print-config prints the effective configuration for a file and lints nothing', () => {
  const configured = runBin(['--print-config', fixture('with-config', 'q35-pci-root.xml')]);
  assert.is(configured.code, 0);
  const config = JSON.parse(configured.stdout) as { packs: string[]; rules: Record<string, unknown[]>; settings: Record<string, unknown> };
  assert.equal(Object.keys(config), ['packs', 'rules', 'settings']);
  assert.ok(config.packs.includes('common') && config.packs.includes('q35'));
  assert.equal(config.rules[ROOT_RULE], ['off']);
  assert.is(config.settings.spareRootPorts, 1);

  const unconfigured = JSON.parse(runBin(['--print-config', fixture('q35-pci-root.xml')]).stdout) as typeof config;
  assert.equal(unconfigured.rules[ROOT_RULE], ['error']);
});

test('colours: none when piped or with NO_COLOR; FORCE_COLOR and --color force them; --no-color wins', () => {
  const file = fixture('q35-pci-root.xml');
  assert.not.match(runBin([file]).stdout, ANSI, 'stdout is a pipe');
  assert.not.match(runBin([file], { env: { NO_COLOR: '1' } }).stdout, ANSI);
  assert.match(runBin([file], { env: { FORCE_COLOR: '1' } }).stdout, ANSI);
  assert.match(runBin(['--color', file], { env: { NO_COLOR: '1' } }).stdout, ANSI);
  assert.not.match(runBin(['--no-color', file], { env: { FORCE_COLOR: '1' } }).stdout, ANSI);
  assert.not.match(runBin([file], { env: { FORCE_COLOR: '0' } }).stdout, ANSI);
  assert.not.match(runBin(['-f', 'json', '--color', file], { env: { FORCE_COLOR: '3' } }).stdout, ANSI, 'never in JSON');
});

test('.gitignore is respected for directories and globs, but a file named explicitly is linted', () => {
  const guest = readFixture('q35-pci-root.xml');
  const dir = tempTree({ '.gitignore': 'ignored/\n', 'ignored/bad.xml': guest, 'kept/bad.xml': guest });
  mkdirSync(path.join(dir, '.git'));
  try {
    const all = runBin(['-f', 'json', '.'], { cwd: dir });
    assert.is(all.code, 1);
    assert.equal(parseJsonOutput(all.stdout).map((r) => r.filePath), [path.join(dir, 'kept/bad.xml')]);

    const glob = runBin(['-f', 'json', '**/*.xml'], { cwd: dir });
    assert.equal(parseJsonOutput(glob.stdout).map((r) => r.filePath), [path.join(dir, 'kept/bad.xml')]);

    const explicit = runBin(['-f', 'json', 'ignored/bad.xml'], { cwd: dir });
    assert.is(explicit.code, 1);
    assert.equal(parseJsonOutput(explicit.stdout).map((r) => r.filePath), [path.join(dir, 'ignored/bad.xml')]);

    const onlyIgnored = runBin(['ignored'], { cwd: dir });
    assert.is(onlyIgnored.code, 2);
    assert.match(onlyIgnored.stderr, /^pcilint: All files matched by "ignored" are ignored/);

    const noIgnore = runBin(['-f', 'json', '--no-ignore', '.'], { cwd: dir });
    assert.is(parseJsonOutput(noIgnore.stdout).length, 2);
  } finally {
    removeTree(dir);
  }
});

test('a pattern that matches nothing: exit 2 with ESLint\'s message', () => {
  const { code, stdout, stderr } = runBin(['fixtures/cli/does-not-exist-*.xml']);
  assert.is(code, 2);
  assert.is(stdout, '');
  assert.is(stderr, 'pcilint: No files matching the pattern "fixtures/cli/does-not-exist-*.xml" were found.\n');
});

test('a config file that does not parse: exit 2, the path and the parser position, no stack trace', () => {
  const dir = tempTree({ '.pcilintrc.json': '{\n  "rules": {\n    "common/root-model-matches-machine": off\n  }\n}\n', 'guest.xml': readFixture('clean-q35.xml') });
  try {
    const { code, stdout, stderr } = runBin(['guest.xml'], { cwd: dir });
    assert.is(code, 2);
    assert.is(stdout, '');
    assert.ok(stderr.startsWith(`pcilint: cannot load config file ${path.join(dir, '.pcilintrc.json')}: `), stderr);
    assert.match(stderr, /line 3/);
    assert.not.match(stderr, /\n\s+at /, 'no stack trace');
  } finally {
    removeTree(dir);
  }
});

test('--rule overrides the pack default and the config file', () => {
  const demoted = runBin(['-f', 'json', '--rule', `${ROOT_RULE}: warn`, fixture('q35-pci-root.xml')]);
  assert.is(demoted.code, 0, 'warnings alone exit 0');
  assert.equal(messagesOf(parseJsonOutput(demoted.stdout), ROOT_RULE).map((m) => m.severity), [1]);

  const reenabled = runBin(['-f', 'json', '--rule', `${ROOT_RULE}: [error]`, fixture('with-config', 'q35-pci-root.xml')]);
  assert.is(reenabled.code, 1);
  assert.equal(messagesOf(parseJsonOutput(reenabled.stdout), ROOT_RULE).map((m) => m.severity), [2]);

  const invalid = runBin(['--rule', `${ROOT_RULE}: loud`, fixture('q35-pci-root.xml')]);
  assert.is(invalid.code, 2);
  assert.match(invalid.stderr, /^pcilint: --rule: configuration for rule "common\/root-model-matches-machine" is invalid/);
});

test('--max-warnings: exit 1 with ESLint\'s message when warnings exceed the limit', () => {
  const args = ['--rule', `${ROOT_RULE}: warn`, fixture('q35-pci-root.xml')];
  const over = runBin(['--max-warnings', '0', ...args]);
  assert.is(over.code, 1);
  assert.is(over.stderr, 'pcilint found too many warnings (maximum: 0).\n');
  assert.ok(over.stdout.includes(ROOT_RULE), 'the warnings are still reported');

  const under = runBin(['--max-warnings', '100', ...args]);
  assert.is(under.code, 0);
  assert.is(under.stderr, '');
});

test('--quiet drops warnings, which then do not count for --max-warnings', () => {
  const { code, stdout, stderr } = runBin(['--quiet', '--max-warnings', '0', '--rule', `${ROOT_RULE}: warn`, '-f', 'json', fixture('q35-pci-root.xml')]);
  assert.is(code, 0);
  assert.is(stderr, '');
  const [result] = parseJsonOutput(stdout);
  assert.is(result!.warningCount, 0);
  assert.ok(result!.messages.every((m) => m.severity === 2));
});

test('a crashing rule: exit 2 naming the file and the rule, stack only with PCILINT_DEBUG=1', () => {
  const dir = tempTree({
    '.pcilintrc.json': JSON.stringify({ packs: [fixture('packs', 'crashing-pack.mjs')] }),
    'guest.xml': readFixture('clean-q35.xml'),
  });
  try {
    const plain = runBin(['guest.xml'], { cwd: dir });
    assert.is(plain.code, 2);
    assert.is(plain.stdout, '');
    assert.ok(plain.stderr.includes(path.join(dir, 'guest.xml')), plain.stderr);
    assert.ok(plain.stderr.includes('Rule "crashy/boom" crashed: kaboom'), plain.stderr);
    assert.not.match(plain.stderr, /\n\s+at /);

    const debug = runBin(['guest.xml'], { cwd: dir, env: { PCILINT_DEBUG: '1' } });
    assert.is(debug.code, 2);
    assert.match(debug.stderr, /\n\s+at /);
  } finally {
    removeTree(dir);
  }
});

test('results come out sorted whatever the argument order', () => {
  const files = ['q35-pci-root.xml', 'network.xml', 'clean-q35.xml', 'malformed.xml'].map((f) => fixture(f));
  const { stdout } = runBin(['-f', 'json', ...files]);
  assert.equal(parseJsonOutput(stdout).map((r) => r.filePath), [...files].sort());
});

test.run();
