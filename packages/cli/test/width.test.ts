// Stylish and --list-rules fitted to the terminal: goldens at 80 and 250 columns.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { definePack, defineRule, resolveConfig, type LintMessage } from '@pcilint/core';
import { Chalk } from 'chalk';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatRuleList } from '../src/formatters/rules-list.js';
import { formatStylish, StylishWriter } from '@pcilint/formatters';
import { outputWidth, wrapWords } from '@pcilint/formatters';
import { toFileResult } from '@pcilint/formatters';
import { fixture, runMain } from './helpers.js';

const plain = new Chalk({ level: 0 });
// PCILINT_UPDATE_GOLDENS=1 rewrites the goldens from the output (then review the diff).
const update = process.env.PCILINT_UPDATE_GOLDENS === '1';

function golden(name: string, actual: string): void {
  const file = fixture('width', name);
  if (update) writeFileSync(file, actual);
  assert.fixture(actual, readFileSync(file, 'utf8'));
}

function message(overrides: Partial<LintMessage>): LintMessage {
  return { ruleId: 'demo/rule', severity: 2, message: 'x', messageId: 'x', line: 1, column: 1, endLine: 1, endColumn: 2, range: [0, 1], ...overrides };
}

const LONG = 'pcie-root-port controller index 2 has chassis 1, which pcie-root-port controller index 1 already uses: give it its own chassis.';
const result = toFileResult('/guests/wide.xml', '<domain/>', {
  messages: [
    message({ line: 5, column: 9, message: 'Short message.', ruleId: 'common/chassis-unique' }),
    message({ line: 12, column: 31, severity: 1, message: LONG, ruleId: 'mach-virt/virtio-mmio-incompatible-device' }),
    // Fits on one line only without the rule id: the id goes to its own line, whole.
    message({ line: 140, column: 7, message: 'Invalid PCI address function=0x9, must be <= 7.', ruleId: 'common/address-field-range' }),
    message({ line: 2, column: 1, message: 'Parsing error: unexpected end', ruleId: null, fatal: true }),
  ],
}, false);

for (const width of [80, 250]) {
  test(`stylish at ${width} columns: wrapped in the message column, rule ids whole, no padding`, () => {
    const output = formatStylish([result], plain, width);
    golden(`stylish-${width}.txt`, `${output}\n`);
    for (const line of output.split('\n')) assert.ok(line.length <= width, `wider than ${width}: ${line}`);
    for (const id of ['common/chassis-unique', 'mach-virt/virtio-mmio-incompatible-device', 'common/address-field-range']) {
      assert.ok(output.split('\n').some((line) => line.includes(id)), `${id} whole on one line`);
    }
    assert.not.match(output, / {3,}common\/chassis-unique/, 'a short row is not padded to the longest message');
  });
}

const ruleOf = (id: string, description: string, fixable: boolean) =>
  defineRule({ meta: { id, type: 'problem', docs: { description }, defaultSeverity: 'error', fixable, messages: { m: 'm' } }, check() {} });
const demoPack = definePack({
  name: 'demo-width',
  description: 'rules for the width goldens',
  families: 'all',
  rules: [
    ruleOf('demo-width/a-rule-with-a-rather-long-identifier', 'A PCI controller <target> attribute or <node> child is only valid on the models that implement it (chassisNr on pci-bridge, chassis/port on PCIe ports, busNr on expander buses, ...).', true),
    ruleOf('demo-width/short', 'Short.', false),
  ],
});

for (const width of [80, 250]) {
  test(`--list-rules at ${width} columns`, () => {
    const output = formatRuleList(resolveConfig([demoPack], []), 'stylish', width);
    golden(`list-rules-${width}.txt`, `${output}\n`);
    for (const line of output.split('\n')) assert.ok(line.length <= width, `wider than ${width}: ${line}`);
  });

  test(`pcilint --list-rules on a ${width}-column terminal: every row fits, every rule id whole`, async () => {
    const { code, stdout } = await runMain(['--list-rules'], { columns: width });
    assert.is(code, 0);
    const lines = stdout.trimEnd().split('\n');
    for (const line of lines) assert.ok(line.length <= width, `wider than ${width}: ${line}`);
    const json = JSON.parse((await runMain(['--list-rules', '-f', 'json'])).stdout) as { id: string }[];
    for (const { id } of json) assert.ok(lines.some((line) => line.startsWith(`${id} `)), `${id} starts a row`);
  });
}

test('pcilint on a 250-column terminal uses the width; without a terminal width it lays out for 80', async () => {
  const file = path.join(fixture(), '../argv/q35-bad-input.args');
  const wide = await runMain(['--no-color', file], { columns: 250 });
  assert.ok(wide.stdout.includes('  7:34  error    Invalid PCI address function=0x9, must be <= 7  common/address-field-range\n'), wide.stdout);
  const narrow = await runMain(['--no-color', file]);
  assert.ok(narrow.stdout.includes('  7:34  error    Invalid PCI address function=0x9, must be <= 7\n                 common/address-field-range\n'), narrow.stdout);
});

test('StylishWriter still streams: each file is written, wrapped, as it is added', () => {
  const chunks: string[] = [];
  const writer = new StylishWriter(plain, (chunk) => chunks.push(chunk), 80);
  writer.add(result);
  const before = chunks.join('');
  assert.ok(before.includes('                   own chassis  mach-virt/virtio-mmio-incompatible-device\n'), before);
  assert.not.ok(before.includes('problems'), 'the summary waits for finish()');
  writer.finish();
  assert.is(chunks.join(''), `${formatStylish([result], plain, 80)}\n`);
});

test('wrapWords breaks only at spaces and keeps a word wider than the column whole', () => {
  assert.equal(wrapWords('aa bb cc', 5), ['aa bb', 'cc']);
  assert.equal(wrapWords('a mach-virt/virtio-mmio-incompatible-device b', 10), ['a', 'mach-virt/virtio-mmio-incompatible-device', 'b']);
  assert.equal(wrapWords('', 10), ['']);
  assert.is(outputWidth({}), 80);
  assert.is(outputWidth({ columns: 250 }), 250);
  assert.is(outputWidth({ columns: 12 }), 40);
});

test.run();
