import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseJsonOutput, repoRoot, runBin, runMain, type JsonMessage } from './helpers.js';

/**
 * fixtures/suppressions/directives: every inline directive form, in XML and
 * in shell scripts, linted through the CLI with and without the directive
 * options. Each case has a golden `<file>[.<variant>].expected.json`: what
 * is reported and what is suppressed (with the reasons). Messages of rules
 * are compared by rule, severity and position (their wording belongs to the
 * rules); the directives' own messages word for word.
 * UPDATE_GOLDENS=1 rewrites the goldens (then review the diff).
 */
const dir = path.join(repoRoot, 'fixtures/suppressions/directives');

interface Case {
  readonly file: string;
  readonly variant?: string;
  readonly args?: readonly string[];
  readonly exit: number;
}

const cases: readonly Case[] = [
  { file: 'next-line.xml', exit: 0 },
  { file: 'next-line.xml', variant: 'no-inline-config', args: ['--no-inline-config'], exit: 1 },
  { file: 'block.xml', exit: 0 },
  { file: 'unused.xml', exit: 1 },
  { file: 'unused.xml', variant: 'unused-error', args: ['--report-unused-disable-directives'], exit: 1 },
  { file: 'unused.xml', variant: 'unused-off', args: ['--report-unused-disable-directives-severity', 'off'], exit: 1 },
  { file: 'no-reason.xml', exit: 0 },
  { file: 'no-reason.xml', variant: 'require-reason', args: ['--require-directive-reason'], exit: 1 },
  { file: 'next-line.xml', variant: 'require-reason', args: ['--require-directive-reason'], exit: 0 },
  { file: 'next-line.sh', exit: 0 },
  { file: 'block.sh', exit: 1 },
  { file: 'block.sh', variant: 'no-inline-config', args: ['--no-inline-config'], exit: 1 },
];

function summary(m: JsonMessage): Record<string, unknown> {
  const where = { ruleId: m.ruleId, severity: m.severity, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn };
  const suppressions = m.suppressions === undefined ? {} : { suppressions: m.suppressions };
  return m.ruleId === null ? { ...where, messageId: m.messageId, message: m.message, ...suppressions } : { ...where, ...suppressions };
}

for (const c of cases) {
  const name = c.variant ? `${c.file}.${c.variant}` : c.file;
  test(`${name}: reported and suppressed messages match the golden`, async () => {
    const { code, stdout, stderr } = await runMain(['--format', 'json', ...(c.args ?? []), path.join(dir, c.file)]);
    assert.is(code, c.exit, stderr);
    const [result] = parseJsonOutput(stdout);
    const actual = { messages: result.messages.map(summary), suppressedMessages: (result.suppressedMessages as JsonMessage[]).map(summary) };
    const goldenPath = path.join(dir, `${name}.expected.json`);
    if (process.env.UPDATE_GOLDENS === '1') writeFileSync(goldenPath, `${JSON.stringify(actual, null, 2)}\n`);
    assert.ok(existsSync(goldenPath), `missing golden ${goldenPath}`);
    assert.equal(actual, JSON.parse(readFileSync(goldenPath, 'utf8')));
    // ESLint's counters never count what was suppressed.
    assert.is(result.errorCount + result.warningCount, result.messages.length);
  });
}

test('suppressed messages keep ESLint\'s message fields and carry the directive\'s reason', async () => {
  const { stdout } = await runMain(['--format', 'json', path.join(dir, 'next-line.xml')]);
  const [result] = parseJsonOutput(stdout);
  const chassis = (result.suppressedMessages as JsonMessage[]).find((m) => m.ruleId === 'common/chassis-unique');
  assert.ok(chassis);
  assert.equal(chassis.suppressions, [{ kind: 'directive', justification: "reproduces QEMU's chassis error on purpose" }]);
  assert.is(chassis.messageId !== undefined && chassis.message.length > 0 && chassis.severity === 2, true);
});

test('stylish prints neither suppressed findings nor used directives', async () => {
  const { code, stdout } = await runMain([path.join(dir, 'next-line.sh')]);
  assert.is(code, 0);
  assert.is(stdout, '');
});

test('directive options are part of the cache key: --no-inline-config after a cached run reports again', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const os = await import('node:os');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pcilint-directive-cache-'));
  try {
    const cache = ['--cache', '--cache-location', path.join(tmp, 'cache')];
    const file = path.join(dir, 'next-line.xml');
    const first = await runMain(['-f', 'json', ...cache, file]);
    assert.is(first.code, 0);
    const second = await runMain(['-f', 'json', ...cache, '--no-inline-config', file]);
    assert.is(second.code, 1, 'the cached result (with the directives honoured) must not be reused');
    const [result] = parseJsonOutput(second.stdout);
    assert.ok(result.messages.some((m) => m.ruleId === 'common/chassis-unique'));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('--fix-dry-run: a silenced finding is not fixed, unless --no-inline-config', async () => {
  const file = path.join(dir, 'next-line.xml');
  const waivedPort = "<target chassis='1' port='0x11'/>";
  const honoured = await runMain(['-f', 'json', '--fix-dry-run', file]);
  const [withDirectives] = parseJsonOutput(honoured.stdout);
  assert.type(withDirectives.output, 'string', 'the spare-port warning is still fixed');
  assert.ok((withDirectives.output as string).includes(waivedPort), 'the waived chassis is left as written');
  const ignored = await runMain(['-f', 'json', '--fix-dry-run', '--no-inline-config', file]);
  const [withoutDirectives] = parseJsonOutput(ignored.stdout);
  assert.not.ok((withoutDirectives.output as string).includes(waivedPort), 'without directives the chassis is fixed');
});

test('worker threads (--concurrency 1, the built bin) honour the directive options as the main thread does', () => {
  for (const args of [[], ['--no-inline-config'], ['--report-unused-disable-directives', '--require-directive-reason']]) {
    const inMain = runBin(['-f', 'json', '--concurrency', 'off', ...args, dir]);
    const inWorker = runBin(['-f', 'json', '--concurrency', '1', ...args, dir]);
    assert.is(inWorker.code, inMain.code, args.join(' '));
    assert.is(inWorker.stdout, inMain.stdout, args.join(' '));
    assert.ok(parseJsonOutput(inMain.stdout).some((r) => (r.suppressedMessages as unknown[]).length > 0) === (args[0] !== '--no-inline-config'));
  }
});

test('topology ignores directives: a waived refusal is still a refusal, a directive problem never is one', async () => {
  const waived = await runMain(['topology', '--format', 'json', path.join(dir, 'next-line.xml')]);
  assert.is(waived.code, 1, 'QEMU still refuses the duplicate chassis');
  assert.equal(JSON.parse(waived.stdout).refusals.map((r: { ruleId: string | null }) => r.ruleId), ['common/chassis-unique']);
  const unknownRule = await runMain(['topology', '--format', 'json', path.join(dir, 'unused.xml')]);
  assert.equal(JSON.parse(unknownRule.stdout).refusals.map((r: { ruleId: string | null }) => r.ruleId), ['common/chassis-unique']);
});

test.run();
