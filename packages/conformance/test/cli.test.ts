import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../src/cli.js';
import { makeCorpus, writeJson } from './synthetic-corpus.js';

const { dir, cleanup } = makeCorpus();
const scratch = mkdtempSync(join(tmpdir(), 'pcilint-conformance-cfg-'));
test.after(() => {
  cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const lenient = writeJson(scratch, 'lenient.json', { parseRate: 1, maxParseFatals: 1, maxFalseErrors: 1, recall: 0.3, recallByFamily: { q35: 1 } });
const strict = writeJson(scratch, 'strict.json', { parseRate: 1, maxParseFatals: 1, maxFalseErrors: 0, recall: 0.3 });
const refusals = writeJson(scratch, 'refusals.json', [
  {
    file: 'qemuxml2xmloutdata/out-wrong-root.x86_64-latest.xml',
    ruleId: 'common/root-model-matches-machine',
    line: 7,
    reason: 'synthetic',
    evidence: 'qemu-system-x86_64: synthetic',
  },
]);

test('thresholds met: exit 0 and a table', () => {
  const { code, stdout } = run(dir, '--thresholds', lenient);
  assert.is(code, 0);
  assert.match(stdout, /Metric\s+Value\s+Threshold\s+Status/);
  assert.match(stdout, /Result: PASS/);
});

test('below threshold: exit 1', () => {
  const { code, stdout } = run(dir, '--thresholds', strict);
  assert.is(code, 1);
  assert.match(stdout, /Result: FAIL \(1 below threshold: maxFalseErrors\)/);
});

test('known QEMU refusals file excludes the verified error', () => {
  const { code, stdout } = run(dir, '--thresholds', strict, '--refusals', refusals);
  assert.is(code, 0);
  assert.match(stdout, /libvirt accepts, QEMU refuses \(verified\) \(1; not counted as false errors\)\n.*out-wrong-root.*\n\s+reason: synthetic/);
});

test('--json prints a machine-readable report', () => {
  const { code, stdout } = run(dir, '--json', '--thresholds', strict);
  assert.is(code, 1);
  const report = JSON.parse(stdout);
  assert.is(report.parse.total, 10);
  assert.is(report.falseErrors.count, 1);
  assert.is(report.recall.hits, 1);
  assert.is(report.exitCode, 1);
  assert.is(report.pass, false);
});

test('usage errors exit 2 with a clear message', () => {
  const cases: [string[], RegExp][] = [
    [[], /missing the corpus directory/],
    [[join(scratch, 'nope')], /corpus directory not found/],
    [[lenient], /not a directory/],
    [[scratch], /has no manifest\.json/],
    [[dir, dir], /expected one corpus directory/],
    [[dir, '--bogus'], /Unknown option '--bogus'/],
    [[dir, '--thresholds', join(scratch, 'none.json')], /thresholds file not found/],
  ];
  for (const [argv, message] of cases) {
    const { code, stderr } = run(...argv);
    assert.is(code, 2, argv.join(' '));
    assert.match(stderr, message);
    assert.match(stderr, /Usage: npm run conformance/);
  }
});

test('an invalid manifest is a usage error', () => {
  const bad = mkdtempSync(join(scratch, 'bad-'));
  writeFileSync(join(bad, 'manifest.json'), '{ "entries": 3 }');
  assert.match(run(bad).stderr, /expected an object with an "entries" array/);
  writeFileSync(join(bad, 'manifest.json'), '{ not json');
  const { code, stderr } = run(bad);
  assert.is(code, 2);
  assert.match(stderr, /cannot read .*manifest\.json/);
});

test('--help exits 0', () => {
  const { code, stdout } = run('--help');
  assert.is(code, 0);
  assert.match(stdout, /--verbose/);
});

test.run();
