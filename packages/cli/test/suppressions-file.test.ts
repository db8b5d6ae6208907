import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseJsonOutput, removeTree, repoRoot, runMain, tempTree, type JsonMessage, type JsonResult } from './helpers.js';

/**
 * The suppressions file of a fleet (ESLint 9's bulk suppressions) on
 * fixtures/suppressions/fleet, copied to a temporary directory that is the
 * working directory: record, re-run (only new errors), fix (unpruned
 * suppressions fail the run), prune. The files written are compared with
 * the goldens fixtures/suppressions/fleet.*.json byte for byte.
 * UPDATE_GOLDENS=1 rewrites the goldens (then review the diff).
 */
const suppressionsDir = path.join(repoRoot, 'fixtures/suppressions');
const CHASSIS = 'common/chassis-unique';
const CONFLICT = 'common/address-conflict';
const UNPRUNED = 'There are suppressions left that do not occur anymore. Consider re-running the command with `--prune-suppressions`.';

function fleet(): string {
  const dir = tempTree();
  cpSync(path.join(suppressionsDir, 'fleet'), dir, { recursive: true });
  return dir;
}

function expectGolden(actualPath: string, golden: string): void {
  const goldenPath = path.join(suppressionsDir, golden);
  const actual = readFileSync(actualPath, 'utf8');
  if (process.env.UPDATE_GOLDENS === '1') writeFileSync(goldenPath, actual);
  assert.ok(existsSync(goldenPath), `missing golden ${goldenPath}`);
  assert.fixture(actual, readFileSync(goldenPath, 'utf8'));
}

function edit(dir: string, file: string, from: string, to: string): void {
  const full = path.join(dir, file);
  const text = readFileSync(full, 'utf8');
  assert.ok(text.includes(from), `${file} contains ${from}`);
  writeFileSync(full, text.replace(from, to));
}

async function lintJson(dir: string, args: readonly string[] = []): Promise<{ code: number; stderr: string; results: Map<string, JsonResult> }> {
  const { code, stdout, stderr } = await runMain(['-f', 'json', ...args, 'guests'], { cwd: dir });
  const results = new Map(parseJsonOutput(stdout).map((r) => [path.relative(dir, r.filePath), r]));
  return { code, stderr, results };
}

function ruleIds(messages: readonly JsonMessage[] | unknown[]): (string | null)[] {
  return (messages as JsonMessage[]).map((m) => m.ruleId);
}

test('--suppress-all records every error per file and rule; the next run reports only warnings', async () => {
  const dir = fleet();
  try {
    const first = await runMain(['--suppress-all', 'guests'], { cwd: dir });
    assert.is(first.code, 0, first.stderr);
    expectGolden(path.join(dir, 'pcilint-suppressions.json'), 'fleet.suppress-all.json');

    const { code, results } = await lintJson(dir);
    assert.is(code, 0);
    const web = results.get('guests/web-01.xml')!;
    assert.is(web.errorCount, 0);
    assert.equal(ruleIds(web.messages), ['common/spare-pcie-ports'], 'warnings are never recorded');
    assert.equal(ruleIds(web.suppressedMessages), [CHASSIS, CHASSIS]);
    assert.equal((web.suppressedMessages as JsonMessage[])[0].suppressions, [{ kind: 'file', justification: '' }]);
    assert.equal(ruleIds(results.get('guests/db-01.xml')!.suppressedMessages), [CONFLICT]);
    assert.equal(ruleIds(results.get('guests/lab.args')!.suppressedMessages), [CHASSIS]);
  } finally {
    removeTree(dir);
  }
});

test('one error more than recorded reports all of them, as ESLint does; a new file is reported in full', async () => {
  const dir = fleet();
  try {
    assert.is((await runMain(['--suppress-all', 'guests'], { cwd: dir })).code, 0);
    edit(dir, 'guests/web-01.xml', "  </devices>", "    <controller type='pci' index='4' model='pcie-root-port'>\n      <target chassis='1' port='0x13'/>\n    </controller>\n  </devices>");
    cpSync(path.join(dir, 'guests/db-01.xml'), path.join(dir, 'guests/db-02.xml'));
    const { code, results } = await lintJson(dir);
    assert.is(code, 1);
    const web = results.get('guests/web-01.xml')!;
    assert.equal(ruleIds(web.messages).filter((r) => r === CHASSIS).length, 3);
    assert.equal(web.suppressedMessages, []);
    assert.equal(ruleIds(results.get('guests/db-02.xml')!.messages), [CONFLICT]);
    assert.equal(ruleIds(results.get('guests/db-01.xml')!.suppressedMessages), [CONFLICT], 'the recorded file is unchanged');
  } finally {
    removeTree(dir);
  }
});

test('fixed errors leave unpruned suppressions: exit 2 (or 0 with --pass-on-unpruned-suppressions); --prune-suppressions drops them', async () => {
  const dir = fleet();
  try {
    assert.is((await runMain(['--suppress-all', 'guests'], { cwd: dir })).code, 0);
    edit(dir, 'guests/web-01.xml', "<target chassis='1' port='0x12'/>", "<target chassis='3' port='0x12'/>");
    edit(dir, 'guests/db-01.xml', "slot='0x01' function='0x1'", "slot='0x04' function='0x0'");

    const unpruned = await runMain(['guests'], { cwd: dir });
    assert.is(unpruned.code, 2);
    assert.is(unpruned.stderr, `${UNPRUNED}\n  guests/db-01.xml: ${CONFLICT} (1 fewer than recorded)\n  guests/web-01.xml: ${CHASSIS} (1 fewer than recorded)\n`);
    const passing = await runMain(['--pass-on-unpruned-suppressions', 'guests'], { cwd: dir });
    assert.is(passing.code, 0);
    assert.is(passing.stderr, '');

    const pruned = await runMain(['--prune-suppressions', 'guests'], { cwd: dir });
    assert.is(pruned.code, 0, pruned.stderr);
    expectGolden(path.join(dir, 'pcilint-suppressions.json'), 'fleet.pruned.json');
    const after = await lintJson(dir);
    assert.is(after.code, 0, after.stderr);
    assert.equal(ruleIds(after.results.get('guests/web-01.xml')!.suppressedMessages), [CHASSIS]);

    // The error comes back: the pruned count no longer covers it.
    edit(dir, 'guests/web-01.xml', "<target chassis='3' port='0x12'/>", "<target chassis='1' port='0x12'/>");
    assert.is((await runMain(['guests'], { cwd: dir })).code, 1);
  } finally {
    removeTree(dir);
  }
});

test('a file the run did not lint keeps its entry and never counts as unpruned', async () => {
  const dir = fleet();
  try {
    assert.is((await runMain(['--suppress-all', 'guests'], { cwd: dir })).code, 0);
    const only = await runMain(['guests/clean.xml'], { cwd: dir });
    assert.is(only.code, 0, only.stderr);
    assert.is((await runMain(['--prune-suppressions', 'guests/clean.xml'], { cwd: dir })).code, 0);
    expectGolden(path.join(dir, 'pcilint-suppressions.json'), 'fleet.suppress-all.json');
  } finally {
    removeTree(dir);
  }
});

test('--suppress-rule records that rule only, and adds to an existing file', async () => {
  const dir = fleet();
  try {
    const run = await runMain(['--suppress-rule', CHASSIS, 'guests'], { cwd: dir });
    assert.is(run.code, 1, 'the address conflict is still an error');
    expectGolden(path.join(dir, 'pcilint-suppressions.json'), 'fleet.suppress-rule.json');
    assert.is((await runMain(['--suppress-rule', CONFLICT, 'guests'], { cwd: dir })).code, 0);
    expectGolden(path.join(dir, 'pcilint-suppressions.json'), 'fleet.suppress-all.json');
  } finally {
    removeTree(dir);
  }
});

test('--suppressions-location: written and read there; an explicit file that does not exist is an error unless recording', async () => {
  const dir = fleet();
  try {
    const missing = await runMain(['--suppressions-location', 'ci/baseline.json', 'guests'], { cwd: dir });
    assert.is(missing.code, 2);
    assert.match(missing.stderr, /the suppressions file .*ci\/baseline\.json does not exist; run with --suppress-all or --suppress-rule to create it/);
    writeFileSync(path.join(dir, 'baseline.json'), '{}');
    assert.is((await runMain(['--suppressions-location', 'baseline.json', '--suppress-all', 'guests'], { cwd: dir })).code, 0);
    assert.ok(!existsSync(path.join(dir, 'pcilint-suppressions.json')));
    expectGolden(path.join(dir, 'baseline.json'), 'fleet.suppress-all.json');
    assert.is((await runMain(['--suppressions-location', 'baseline.json', 'guests'], { cwd: dir })).code, 0);
    assert.is((await runMain(['guests'], { cwd: dir })).code, 1, 'without the option the default file is read, and there is none');
  } finally {
    removeTree(dir);
  }
});

test('bad suppressions files and option combinations fail with exit 2 and say why', async () => {
  const dir = fleet();
  try {
    writeFileSync(path.join(dir, 'pcilint-suppressions.json'), '{"guests/web-01.xml": {"common/chassis-unique": {"count": 0}}}');
    const zero = await runMain(['guests'], { cwd: dir });
    assert.is(zero.code, 2);
    assert.match(zero.stderr, /is not a pcilint suppressions file: "guests\/web-01.xml" → "common\/chassis-unique" should be \{"count": N\}/);
    writeFileSync(path.join(dir, 'pcilint-suppressions.json'), '{oops');
    const broken = await runMain(['guests'], { cwd: dir });
    assert.is(broken.code, 2);
    assert.match(broken.stderr, /cannot parse the suppressions file/);

    for (const [args, message] of [
      [['--suppress-all', '--suppress-rule', CHASSIS], '--suppress-all and --suppress-rule cannot be used together'],
      [['--suppress-all', '--prune-suppressions'], '--suppress-all and --prune-suppressions cannot be used together'],
      [['--suppress-rule', 'common/no-such-rule'], '--suppress-rule: unknown rule "common/no-such-rule"'],
      [['--report-unused-disable-directives', '--report-unused-disable-directives-severity', 'warn'], 'cannot be used together'],
      [['--report-unused-disable-directives-severity', 'loud'], 'expects off, warn or error'],
      [['--stdin', '--suppress-all'], 'cannot be used with --stdin'],
    ] as const) {
      const run = await runMain([...args, 'guests'], { cwd: dir });
      assert.is(run.code, 2, args.join(' '));
      assert.ok(run.stderr.includes(message), `${args.join(' ')}: ${run.stderr}`);
    }
  } finally {
    removeTree(dir);
  }
});

test('standard input is never compared with the record; pruning without a file does nothing', async () => {
  const dir = fleet();
  try {
    assert.is((await runMain(['--suppress-all', 'guests'], { cwd: dir })).code, 0);
    const text = readFileSync(path.join(dir, 'guests/db-01.xml'), 'utf8');
    const piped = await runMain(['--stdin', '--stdin-filename', 'guests/db-01.xml'], { cwd: dir, input: text });
    assert.is(piped.code, 1, 'the recorded error is reported for piped-in text');
    const empty = tempTree({ 'guest.xml': text });
    try {
      const prune = await runMain(['--prune-suppressions', 'guest.xml'], { cwd: empty });
      assert.is(prune.code, 1, prune.stderr);
      assert.ok(!existsSync(path.join(empty, 'pcilint-suppressions.json')));
    } finally {
      removeTree(empty);
    }
  } finally {
    removeTree(dir);
  }
});

test('directives and the suppressions file together: both kinds land in suppressedMessages', async () => {
  const dir = fleet();
  try {
    assert.is((await runMain(['--suppress-all', 'guests'], { cwd: dir })).code, 0);
    edit(dir, 'guests/web-01.xml', "    <controller type='pci' index='3'", "    <!-- pcilint-disable-next-line common/spare-pcie-ports ; ports are added by the provisioning job -->\n    <controller type='pci' index='3'");
    const { code, results } = await lintJson(dir);
    assert.is(code, 0);
    const web = results.get('guests/web-01.xml')!;
    assert.equal(web.messages, []);
    assert.equal(
      (web.suppressedMessages as JsonMessage[]).map((m) => [m.ruleId, (m.suppressions as { kind: string }[])[0].kind]),
      [['common/spare-pcie-ports', 'directive'], [CHASSIS, 'file'], [CHASSIS, 'file']],
    );
  } finally {
    removeTree(dir);
  }
});

test.run();
