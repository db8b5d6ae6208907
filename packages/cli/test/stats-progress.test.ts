// --stats (time per stage and per rule) and the progress line of long runs on a terminal.
import { Readable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../src/main.js';
import { formatStatsTables } from '../src/formatters/stats.js';
import { ProgressLine } from '../src/progress.js';
import { baseEnv, parseJsonOutput, readFixture, removeTree, runBin, runMain, tempTree } from './helpers.js';

const clean = readFixture('clean-q35.xml');
const wrongRoot = readFixture('q35-pci-root.xml');
const CLEAR = '\r\u001b[K';
const STAGES = ['parse', 'graph', 'placement', 'rules', 'fix'];

/** n guests, every third one with an error. */
function fleet(n: number): string {
  return tempTree(Object.fromEntries(Array.from({ length: n }, (_, i) => [`g${String(i).padStart(3, '0')}.xml`, i % 3 === 0 ? wrongRoot : clean])));
}

/** main() with stdout and stderr logged in one sequence, each stream a TTY or not. */
async function runOnTerminal(args: readonly string[], cwd: string, stderrIsTTY: boolean) {
  const log: { stream: 'stdout' | 'stderr'; chunk: string }[] = [];
  const code = await main({
    argv: args,
    stdout: { write: (chunk: string) => log.push({ stream: 'stdout', chunk }), isTTY: false },
    stderr: { write: (chunk: string) => log.push({ stream: 'stderr', chunk }), isTTY: stderrIsTTY },
    stdin: Readable.from([]),
    cwd,
    env: baseEnv(),
  });
  const text = (stream: 'stdout' | 'stderr') => log.filter((l) => l.stream === stream).map((l) => l.chunk).join('');
  return { code, log, stdout: text('stdout'), stderr: text('stderr') };
}

test('formatStatsTables: ESLint TIMING-style tables of stages and rules, slowest rule first', () => {
  const table = formatStatsTables(
    { stages: { parse: 2, graph: 1, placement: 3, rules: 3.5, fix: 0.5 }, rules: { 'common/a': 1, 'q35/slow-rule': 2.5 } },
    2,
  );
  assert.is(
    table,
    [
      'Timing of 2 linted files:',
      '',
      'Stage     | Time (ms) | Relative',
      ':---------|----------:|--------:',
      'parse     |     2.000 |    20.0%',
      'graph     |     1.000 |    10.0%',
      'placement |     3.000 |    30.0%',
      'rules     |     3.500 |    35.0%',
      'fix       |     0.500 |     5.0%',
      'total     |    10.000 |   100.0%',
      '',
      'Rule          | Time (ms) | Relative',
      ':-------------|----------:|--------:',
      'q35/slow-rule |     2.500 |    71.4%',
      'common/a      |     1.000 |    28.6%',
      '',
    ].join('\n'),
  );
});

test('--stats with stylish: the same report on stdout, the timing tables after it on stderr', async () => {
  const dir = tempTree({ 'good.xml': clean, 'bad.xml': wrongRoot });
  try {
    const plain = await runMain(['--no-config-lookup', '.'], { cwd: dir });
    const timed = await runMain(['--no-config-lookup', '--stats', '.'], { cwd: dir });
    assert.is(timed.code, 1);
    assert.is(timed.stdout, plain.stdout);
    assert.is(plain.stderr, '');
    const lines = timed.stderr.split('\n');
    assert.is(lines[0], 'Timing of 2 linted files:');
    assert.equal(lines.slice(4, 10).map((l) => l.split(' ')[0]), [...STAGES, 'total']);
    assert.match(timed.stderr, /\ncommon\/root-model-matches-machine +\| +\d+\.\d{3} \| +\d+\.\d%\n/);
    assert.match(timed.stderr, /\nRule +\| Time \(ms\) \| Relative\n/);
  } finally {
    removeTree(dir);
  }
});

test('--stats with json: a stats field in each result whose stages add up to its total; nothing on stderr', async () => {
  const dir = tempTree({ 'good.xml': clean, 'bad.xml': wrongRoot });
  try {
    const { code, stdout, stderr } = await runMain(['--no-config-lookup', '--stats', '-f', 'json', '--fix-dry-run', '.'], { cwd: dir });
    assert.is(code, 0);
    assert.is(stderr, 'pcilint: Would fix 1 problem in 1 file: common/root-model-matches-machine 1.\n');
    const results = parseJsonOutput(stdout);
    assert.is(results.length, 2);
    for (const result of results) {
      const { times } = result.stats as { times: { total: number; stages: Record<string, number>; rules: Record<string, number> } };
      assert.equal(Object.keys(times.stages), STAGES);
      const sum = Object.values(times.stages).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - times.total) < 1e-6, `${sum} vs ${times.total}`);
      assert.ok('common/root-model-matches-machine' in times.rules);
    }
    const bad = results.find((r) => r.filePath.endsWith('bad.xml'))!;
    assert.ok((bad.stats as { times: { stages: { fix: number } } }).times.stages.fix > 0, 'the fix of bad.xml was timed');
    const plain = parseJsonOutput((await runMain(['--no-config-lookup', '-f', 'json', '.'], { cwd: dir })).stdout);
    assert.ok(plain.every((r) => !('stats' in r)), 'no stats without --stats');
  } finally {
    removeTree(dir);
  }
});

test('--stats with --concurrency: the workers\' timings are merged', () => {
  const dir = fleet(70);
  try {
    const run = runBin(['--no-config-lookup', '--stats', '--concurrency', '2', '.'], { cwd: dir });
    assert.is(run.code, 1, run.stderr);
    assert.match(run.stderr, /^Timing of 70 linted files:\n/);
    assert.match(run.stderr, /\ncommon\/root-model-matches-machine +\| +\d+\.\d{3} \|/);
    const json = runBin(['--no-config-lookup', '--stats', '--concurrency', '2', '-f', 'json', '.'], { cwd: dir });
    const results = parseJsonOutput(json.stdout);
    assert.is(results.length, 70);
    assert.ok(results.every((r) => typeof (r.stats as { times?: { total?: unknown } })?.times?.total === 'number'));
  } finally {
    removeTree(dir);
  }
});

test('progress line: on a terminal, for more than 50 files, rewritten in place, erased before report output and at the end', async () => {
  const dir = fleet(60);
  try {
    const onTerminal = await runOnTerminal(['--no-config-lookup', '.'], dir, true);
    const piped = await runOnTerminal(['--no-config-lookup', '.'], dir, false);
    assert.is(onTerminal.code, 1);
    assert.is(onTerminal.stdout, piped.stdout, 'the report is the same');
    assert.is(piped.stderr, '', 'no progress when stderr is not a terminal');
    assert.ok(onTerminal.stderr.startsWith(`${CLEAR}pcilint: 1/60 files (1%)`), JSON.stringify(onTerminal.stderr.slice(0, 80)));
    assert.ok(onTerminal.stderr.endsWith(`${CLEAR}pcilint: 60/60 files (100%)${CLEAR}`), JSON.stringify(onTerminal.stderr.slice(-80)));
    assert.is(onTerminal.stderr.replace(/\r\u001b\[K(pcilint: \d+\/60 files \(\d+%\))?/g, ''), '', 'stderr holds only progress frames');
    // No report text is ever written while the line is on the screen.
    let shown = false;
    for (const { stream, chunk } of onTerminal.log) {
      if (stream === 'stdout') assert.not.ok(shown, `stdout written over the progress line: ${JSON.stringify(chunk.slice(0, 60))}`);
      else shown = chunk !== CLEAR;
    }
  } finally {
    removeTree(dir);
  }
});

test('progress line: never for machine formats or short runs', async () => {
  const dir = fleet(60);
  const few = fleet(50);
  try {
    const json = await runOnTerminal(['--no-config-lookup', '-f', 'json', '.'], dir, true);
    assert.is(json.stderr, '');
    assert.is(parseJsonOutput(json.stdout).length, 60);
    const short = await runOnTerminal(['--no-config-lookup', '.'], few, true);
    assert.is(short.stderr, '');
  } finally {
    removeTree(dir);
    removeTree(few);
  }
});

test('ProgressLine draws at most one frame per 100 ms, and always the first, the last and after hide()', () => {
  let t = 0;
  const written: string[] = [];
  const line = new ProgressLine({ isTTY: true, write: (c: string) => written.push(c) }, 200, () => t);
  line.update(1);
  t = 50;
  line.update(2);
  t = 120;
  line.update(3);
  line.hide();
  line.hide();
  line.update(4);
  t = 130;
  line.update(200);
  line.hide();
  assert.equal(written, [
    `${CLEAR}pcilint: 1/200 files (0%)`,
    `${CLEAR}pcilint: 3/200 files (1%)`,
    CLEAR,
    `${CLEAR}pcilint: 4/200 files (2%)`,
    `${CLEAR}pcilint: 200/200 files (100%)`,
    CLEAR,
  ]);
});

test.run();
