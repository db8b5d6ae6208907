// pcilint --fix, --fix-dry-run and --fix-type through main() and the real bin:
// exact bytes, idempotence, what is written and what is refused.
import { chmodSync, existsSync, readFileSync, readdirSync, statSync, symlinkSync, lstatSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFixedFile } from '../src/fix-writer.js';
import { parseJsonOutput, removeTree, repoRoot, runBin, runMain, tempTree } from './helpers.js';

const fixDir = path.join(repoRoot, 'fixtures/fix');
const read = (file: string) => readFileSync(file, 'utf8');
const CASES = ['q35-tabs-crlf-bom', 'q35-no-addresses'];

for (const name of CASES) {
  test(`--fix rewrites ${name}.xml into ${name}.fixed.xml byte for byte, and a second --fix changes nothing`, async () => {
    const dir = tempTree({ 'guest.xml': read(path.join(fixDir, `${name}.xml`)) });
    try {
      const file = path.join(dir, 'guest.xml');
      const first = await runMain(['--fix', '--no-config-lookup', file], { cwd: dir });
      assert.is(first.code, 0, first.stdout + first.stderr);
      assert.ok(readFileSync(file).equals(readFileSync(path.join(fixDir, `${name}.fixed.xml`))), 'bytes equal the golden file');
      assert.match(first.stderr, /^pcilint: Fixed \d+ problems? in 1 file: .*common\/spare-pcie-ports 1/);
      const second = await runMain(['--fix', '--no-config-lookup', file], { cwd: dir });
      assert.is(second.code, 0);
      assert.is(second.stderr, '');
      assert.ok(readFileSync(file).equals(readFileSync(path.join(fixDir, `${name}.fixed.xml`))), 'unchanged by the second run');
      assert.equal(readdirSync(dir), ['guest.xml'], 'no temporary file left');
    } finally {
      removeTree(dir);
    }
  });
}

test('--fix-dry-run writes nothing; stylish shows a unified diff, json carries output', async () => {
  const original = read(path.join(fixDir, 'q35-no-addresses.xml'));
  const dir = tempTree({ 'guest.xml': original });
  try {
    const file = path.join(dir, 'guest.xml');
    const stylish = await runMain(['--fix-dry-run', '--no-config-lookup', '--no-color', file], { cwd: dir });
    assert.is(read(file), original);
    assert.ok(stylish.stdout.startsWith('===================================================================\n--- a/guest.xml\n+++ b/guest.xml\n'), stylish.stdout);
    assert.ok(stylish.stdout.includes("\n+    <controller type='pci' index='2' model='pcie-root-port'/>\n"));
    assert.match(stylish.stderr, /^pcilint: Would fix 1 problem in 1 file: common\/spare-pcie-ports 1\.\n$/);
    assert.is(stylish.code, 0);
    const json = await runMain(['--fix-dry-run', '--no-config-lookup', '--format', 'json', file], { cwd: dir });
    const [result] = parseJsonOutput(json.stdout);
    assert.is(result.output, read(path.join(fixDir, 'q35-no-addresses.fixed.xml')));
    assert.is(result.warningCount, 0, 'the report is of the fixed text');
    assert.is(read(file), original);
  } finally {
    removeTree(dir);
  }
});

test('--stdin --fix writes nothing and returns the fixed text in output', async () => {
  const original = read(path.join(fixDir, 'q35-tabs-crlf-bom.xml'));
  const { code, stdout } = await runMain(['--stdin', '--fix', '--no-config-lookup', '--format', 'json'], { input: original });
  assert.is(code, 0);
  const [result] = parseJsonOutput(stdout);
  assert.is(result.output, read(path.join(fixDir, 'q35-tabs-crlf-bom.fixed.xml')));
});

test('--fix-type limits fixes to rule types; exit codes count what remains', async () => {
  const original = read(path.join(fixDir, 'q35-tabs-crlf-bom.xml'));
  const dir = tempTree({ 'guest.xml': original });
  try {
    const file = path.join(dir, 'guest.xml');
    const layout = await runMain(['--fix', '--fix-type', 'layout', '--no-config-lookup', '--format', 'json', file], { cwd: dir });
    assert.is(layout.code, 1, 'the chassis error remains');
    assert.is(read(file), original);
    const problems = await runMain(['--fix', '--fix-type', 'problem', '--no-config-lookup', '--format', 'json', file], { cwd: dir });
    assert.is(problems.code, 0, 'the error is fixed; the spare-port warning remains');
    const [result] = parseJsonOutput(problems.stdout);
    assert.equal(result.messages.map((m) => m.ruleId), ['common/spare-pcie-ports']);
    assert.ok(read(file).includes('<target chassis="2"    port="0x11"/>'));
    const bad = await runMain(['--fix', '--fix-type', 'cosmetic', file], { cwd: dir });
    assert.is(bad.code, 2);
    assert.match(bad.stderr, /unknown fix type "cosmetic"/);
  } finally {
    removeTree(dir);
  }
});

test('a read-only file is reported, left alone, and the run goes on with the other files', async () => {
  const original = read(path.join(fixDir, 'q35-no-addresses.xml'));
  const dir = tempTree({ 'a-readonly.xml': original, 'b-writable.xml': original });
  try {
    chmodSync(path.join(dir, 'a-readonly.xml'), 0o444);
    const { code, stderr } = await runMain(['--fix', '--no-config-lookup', dir], { cwd: dir });
    assert.match(stderr, /pcilint: warning: a-readonly\.xml: not fixed: the file is read-only\n/);
    assert.is(read(path.join(dir, 'a-readonly.xml')), original);
    assert.is(read(path.join(dir, 'b-writable.xml')), read(path.join(fixDir, 'q35-no-addresses.fixed.xml')));
    // The other file is fixed, but a fix that could not be written fails the run (exit 2), as a file that could not be read.
    assert.match(stderr, /pcilint: 1 fixed file\(s\) could not be written/);
    assert.is(code, 2);
  } finally {
    removeTree(dir);
  }
});

test('the file mode is kept and a symlink stays a symlink: its target is fixed', async () => {
  const original = read(path.join(fixDir, 'q35-no-addresses.xml'));
  const dir = tempTree({ 'real/guest.xml': original });
  try {
    const target = path.join(dir, 'real/guest.xml');
    chmodSync(target, 0o640);
    const link = path.join(dir, 'link.xml');
    symlinkSync(target, link);
    const { code } = await runMain(['--fix', '--no-config-lookup', link], { cwd: dir });
    assert.is(code, 0);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.is(read(target), read(path.join(fixDir, 'q35-no-addresses.fixed.xml')));
    assert.is(statSync(target).mode & 0o777, 0o640);
  } finally {
    removeTree(dir);
  }
});

test('temporary files of a killed run are swept; those of live processes and other files stay', async () => {
  const original = read(path.join(fixDir, 'q35-no-addresses.xml'));
  const dead = '.guest.xml.pcilint-2147483646-0123456789ab.tmp';
  const live = `.guest.xml.pcilint-${process.pid}-0123456789ab.tmp`;
  const dir = tempTree({ 'guest.xml': original, [dead]: 'half', [live]: 'busy', 'notes.tmp': 'mine' });
  try {
    await runMain(['--fix', '--no-config-lookup', path.join(dir, 'guest.xml')], { cwd: dir });
    assert.not.ok(existsSync(path.join(dir, dead)));
    assert.ok(existsSync(path.join(dir, live)));
    assert.ok(existsSync(path.join(dir, 'notes.tmp')));
  } finally {
    removeTree(dir);
  }
});

test('a file changed on disk since it was read is not overwritten', async () => {
  const dir = tempTree({ 'guest.xml': 'edited by someone else' });
  try {
    const file = path.join(dir, 'guest.xml');
    const outcome = await writeFixedFile(file, 'what pcilint read', 'fixed');
    assert.equal(outcome, { kind: 'changed-on-disk' });
    assert.is(read(file), 'edited by someone else');
    assert.equal(readdirSync(dir), ['guest.xml']);
  } finally {
    removeTree(dir);
  }
});

test('a write that fails (directory not writable) leaves the original and no temporary file', async () => {
  if (process.getuid?.() === 0) {
    // root ignores directory permissions; exercise the same path with a vanished directory instead.
    const outcome = await writeFixedFile('/nonexistent-dir/guest.xml', 'a', 'b');
    assert.is(outcome.kind, 'failed');
    return;
  }
  const dir = tempTree({ 'guest.xml': 'a' });
  try {
    chmodSync(dir, 0o555);
    const outcome = await writeFixedFile(path.join(dir, 'guest.xml'), 'a', 'b');
    assert.is(outcome.kind, 'failed');
    assert.is(read(path.join(dir, 'guest.xml')), 'a');
  } finally {
    chmodSync(dir, 0o755);
    removeTree(dir);
  }
});

test('the real bin: --fix on a copy of the examples fixes what is fixable and exits on what remains', () => {
  const dir = tempTree({ 'guest.xml': read(path.join(fixDir, 'q35-tabs-crlf-bom.xml')) });
  try {
    writeFileSync(path.join(dir, 'broken.xml'), '<domain><devices></domain>');
    const { code, stdout, stderr } = runBin(['--fix', '--no-config-lookup', '--no-color', dir], { cwd: dir });
    assert.is(code, 1, 'the unparsable file remains an error');
    assert.ok(stdout.includes('Parsing error'));
    assert.is(read(path.join(dir, 'broken.xml')), '<domain><devices></domain>', 'a file that does not parse is never touched');
    assert.ok(readFileSync(path.join(dir, 'guest.xml')).equals(readFileSync(path.join(fixDir, 'q35-tabs-crlf-bom.fixed.xml'))));
    assert.match(stderr, /Fixed 2 problems in 1 file/);
  } finally {
    removeTree(dir);
  }
});

test.run();
