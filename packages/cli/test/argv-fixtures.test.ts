import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseJsonOutput, repoRoot, runMain, type JsonMessage } from './helpers.js';

/**
 * fixtures/argv: QEMU command lines (args files, a shell script, a
 * /proc/PID/cmdline) linted through the CLI. Each has a golden
 * `<file>.expected.json` (rule, severity, line, column, exact message); a
 * command line with a `<name>.xml` beside it (the same guest as libvirt XML,
 * accepted by the libvirt 9.0 oracle) must get the same findings as the XML.
 */
const argvDir = path.join(repoRoot, 'fixtures/argv');
const COMMAND_LINE = /\.(args|sh|cmdline)$/;

interface Golden {
  ruleId: string | null;
  severity: number;
  line: number;
  column: number;
  message: string;
}

async function lint(file: string): Promise<JsonMessage[]> {
  const result = await runMain(['--format', 'json', file]);
  assert.ok(result.code === 0 || result.code === 1, `${file}: exit ${result.code}: ${result.stderr}`);
  const [report] = parseJsonOutput(result.stdout);
  return report.messages;
}

const files = readdirSync(argvDir).filter((f) => COMMAND_LINE.test(f)).sort();

test('there are command-line fixtures for every machine family, in both -device syntaxes', () => {
  const texts = files.map((f) => readFileSync(path.join(argvDir, f), 'utf8'));
  for (const program of ['qemu-system-x86_64', 'qemu-system-ppc64', 'qemu-system-aarch64']) {
    assert.ok(texts.some((t) => t.includes(program)), program);
  }
  assert.ok(texts.some((t) => /-device '\{"driver"/.test(t)), 'a JSON -device');
  assert.ok(texts.some((t) => /-device [a-z0-9-]+,/.test(t)), 'a key=value -device');
});

for (const file of files) {
  const full = path.join(argvDir, file);
  test(`${file}: findings match the golden`, async () => {
    const goldenPath = `${full}.expected.json`;
    assert.ok(existsSync(goldenPath), `missing golden ${goldenPath}`);
    const golden = JSON.parse(readFileSync(goldenPath, 'utf8')) as Golden[];
    const messages = await lint(full);
    assert.equal(
      messages.map((m) => ({ ruleId: m.ruleId, severity: m.severity, line: m.line, column: m.column })),
      golden.map((g) => ({ ruleId: g.ruleId, severity: g.severity, line: g.line, column: g.column })),
    );
    assert.equal(messages.map((m) => m.message), golden.map((g) => g.message), 'messages, exactly');
    // Fixes on a command line are printed as -device edits, never as XML.
    assert.ok(messages.every((m) => m.fix === undefined || !m.fix.text.includes('<')), 'command-line fixes are command-line text');
  });

  const xml = full.replace(COMMAND_LINE, '.xml');
  if (!existsSync(xml)) continue;
  test(`${file}: the same findings as ${path.basename(xml)}`, async () => {
    const key = (m: JsonMessage) => `${m.ruleId} ${m.severity}`;
    const fromArgv = (await lint(full)).map(key).sort();
    const fromXml = (await lint(xml)).map(key).sort();
    assert.ok(fromArgv.length > 0, 'the pair should trigger something');
    assert.equal(fromArgv, fromXml);
  });
}

test('--stdin reads a command line too (the language is told by content)', async () => {
  const text = readFileSync(path.join(argvDir, 'q35-no-spare-port.args'), 'utf8');
  const result = await runMain(['--format', 'json', '--stdin', '--stdin-filename', 'guest.txt'], { input: text });
  const [report] = parseJsonOutput(result.stdout);
  assert.equal(report.messages.map((m) => m.ruleId), ['common/spare-pcie-ports']);
});

test('an unterminated quote is a fatal parse error with its line and column', async () => {
  const result = await runMain(['--format', 'json', '--stdin'], { input: "qemu-system-x86_64 -M q35 \\\n  -device 'e1000,bus=pcie.0\n" });
  assert.is(result.code, 1);
  const [report] = parseJsonOutput(result.stdout);
  assert.equal(report.messages.map((m) => [m.fatal, m.ruleId, m.line, m.column]), [[true, null, 2, 11]]);
});

test.run();
