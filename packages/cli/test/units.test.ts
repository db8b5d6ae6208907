// Unit tests: formatters on synthetic results, colour levels, argument and JSON-error helpers.
import type { LintMessage } from '@pcilint/core';
import { Chalk } from 'chalk';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCliArgs } from '../src/args.js';
import { colorLevel } from '../src/color.js';
import { jsonErrorOffset } from '../src/config-parsers.js';
import { compareCodePoints } from '../src/files.js';
import { formatJson, formatStylish, toFileResult } from '@pcilint/formatters';
import { ANSI } from './helpers.js';

function message(overrides: Partial<LintMessage>): LintMessage {
  return {
    ruleId: 'demo/rule',
    severity: 2,
    message: 'Something is wrong.',
    messageId: 'wrong',
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 5,
    range: [0, 4],
    ...overrides,
  };
}

const bad = toFileResult('/guests/bad.xml', '<domain/>', {
  messages: [
    message({ line: 8, column: 38, message: 'Root is wrong.', ruleId: 'common/root', fix: { range: [1, 2], text: 'x' }, fixable: true }),
    message({ line: 12, column: 5, severity: 1, message: 'Consider a spare port', ruleId: 'q35/spare' }),
  ],
}, false);
const fatal = toFileResult('/guests/broken.xml', '<domain', {
  messages: [message({ ruleId: null, fatal: true, message: 'Parsing error: unexpected end', line: 1, column: 8 })],
}, false);
const skipped = toFileResult('/guests/net.xml', '<network/>', { messages: [], skipped: 'root element <network> is not a libvirt <domain>' }, false);
const cleanResult = toFileResult('/guests/ok.xml', '<domain/>', { messages: [] }, false);
const plain = new Chalk({ level: 0 });

test('stylish: ESLint layout (rule ids not padded into a column), periods trimmed, summary and fixable line', () => {
  assert.is(
    formatStylish([bad, cleanResult, skipped], plain),
    [
      '',
      '/guests/bad.xml',
      '   8:38  error    Root is wrong  common/root',
      '  12:5   warning  Consider a spare port  q35/spare',
      '',
      '/guests/net.xml: skipped (root element <network> is not a libvirt <domain>)',
      '',
      '✖ 2 problems (1 error, 1 warning)',
      '  1 error and 0 warnings potentially fixable',
      '',
    ].join('\n'),
  );
});

test('stylish: a fatal error has no rule id and counts as an error; singular summary', () => {
  assert.is(
    formatStylish([fatal], plain),
    ['', '/guests/broken.xml', '  1:8  error  Parsing error: unexpected end', '', '✖ 1 problem (1 error, 0 warnings)', ''].join('\n'),
  );
});

test('stylish: nothing at all for clean files', () => {
  assert.is(formatStylish([cleanResult, cleanResult], plain), '');
  assert.is(formatStylish([], plain), '');
});

test('stylish: colours only with a colour level', () => {
  const coloured = formatStylish([bad], new Chalk({ level: 1 }));
  assert.match(coloured, ANSI);
  assert.ok(coloured.includes('\u001b[4m/guests/bad.xml\u001b[24m'), 'underlined path');
  assert.ok(coloured.includes('\u001b[31merror\u001b[39m'), 'red error');
  assert.ok(coloured.includes('\u001b[33mwarning\u001b[39m'), 'yellow warning');
});

test('json: ESLint fields in ESLint order, no range, skipped files flagged', () => {
  const parsed = JSON.parse(formatJson([bad, fatal, skipped, cleanResult])) as Record<string, unknown>[];
  assert.equal(parsed[0], {
    filePath: '/guests/bad.xml',
    messages: [
      { ruleId: 'common/root', severity: 2, message: 'Root is wrong.', line: 8, column: 38, messageId: 'wrong', endLine: 1, endColumn: 5, fix: { range: [1, 2], text: 'x' } },
      { ruleId: 'q35/spare', severity: 1, message: 'Consider a spare port', line: 12, column: 5, messageId: 'wrong', endLine: 1, endColumn: 5 },
    ],
    suppressedMessages: [],
    errorCount: 1,
    fatalErrorCount: 0,
    warningCount: 1,
    fixableErrorCount: 1,
    fixableWarningCount: 0,
    source: '<domain/>',
    usedDeprecatedRules: [],
  });
  assert.equal(Object.keys(parsed[0]!), ['filePath', 'messages', 'suppressedMessages', 'errorCount', 'fatalErrorCount', 'warningCount', 'fixableErrorCount', 'fixableWarningCount', 'source', 'usedDeprecatedRules']);
  assert.equal((parsed[1]!.messages as unknown[])[0], {
    ruleId: null, severity: 2, message: 'Parsing error: unexpected end', line: 1, column: 8, messageId: 'wrong', endLine: 1, endColumn: 5, fatal: true,
  });
  assert.is(parsed[1]!.fatalErrorCount, 1);
  assert.is(parsed[2]!.skipped, 'root element <network> is not a libvirt <domain>');
  assert.not.ok('source' in parsed[2]!);
  assert.not.ok('source' in parsed[3]!);
  assert.not.ok('skipped' in parsed[3]!);
});

test('quiet results keep errors only', () => {
  const quiet = toFileResult('/g.xml', '', { messages: [message({ severity: 1 }), message({ severity: 2 })] }, true);
  assert.is(quiet.messages.length, 1);
  assert.is(quiet.warningCount, 0);
  assert.is(quiet.errorCount, 1);
});

test('colour level precedence: --no-color > --color > FORCE_COLOR > NO_COLOR > terminal', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  assert.is(colorLevel(undefined, {}, pipe), 0);
  assert.is(colorLevel(undefined, {}, tty), 1);
  assert.is(colorLevel(undefined, { TERM: 'dumb' }, tty), 0);
  assert.is(colorLevel(undefined, { NO_COLOR: '1' }, tty), 0);
  assert.is(colorLevel(undefined, { NO_COLOR: '' }, tty), 1);
  assert.is(colorLevel(undefined, { FORCE_COLOR: '1' }, pipe), 1);
  assert.is(colorLevel(undefined, { FORCE_COLOR: '' }, pipe), 1);
  assert.is(colorLevel(undefined, { FORCE_COLOR: '3' }, pipe), 3);
  assert.is(colorLevel(undefined, { FORCE_COLOR: '0' }, tty), 0);
  assert.is(colorLevel(undefined, { FORCE_COLOR: 'false' }, tty), 0);
  assert.is(colorLevel(true, {}, pipe), 1);
  assert.is(colorLevel(true, { NO_COLOR: '1' }, pipe), 1);
  assert.is(colorLevel(false, { FORCE_COLOR: '3' }, tty), 0);
  assert.is(colorLevel(undefined, {}, { isTTY: true, getColorDepth: () => 24 }), 3);
  assert.is(colorLevel(undefined, {}, { isTTY: true, getColorDepth: () => 1 }), 0);
});

test('argument parsing: defaults, negations, repeatable --rule, last colour flag wins', () => {
  const defaults = parseCliArgs(['a.xml']);
  assert.equal(
    { patterns: defaults.patterns, format: defaults.format, maxWarnings: defaults.maxWarnings, color: defaults.color, configLookup: defaults.configLookup, ignore: defaults.ignore },
    { patterns: ['a.xml'], format: 'stylish', maxWarnings: -1, color: undefined, configLookup: true, ignore: true },
  );
  const options = parseCliArgs(['--no-config-lookup', '--rule', 'a: off', '--rule', 'b: warn', '--color', '--no-color', '--max-warnings', '3', '-f', 'json', '--', '--odd.xml']);
  assert.is(options.configLookup, false);
  assert.equal(options.rules, ['a: off', 'b: warn']);
  assert.is(options.color, false);
  assert.is(options.maxWarnings, 3);
  assert.is(options.format, 'json');
  assert.equal(options.patterns, ['--odd.xml']);
  assert.throws(() => parseCliArgs(['--max-warnings', '-2']), /--max-warnings/);
  assert.throws(() => parseCliArgs(['--max-warnings', '1.5']), /--max-warnings/);
});

test('jsonErrorOffset finds the first JSON syntax error', () => {
  assert.is(jsonErrorOffset('{"a": [1, 2.5e3, "x\\"y", true, null, {}]}'), null);
  assert.is(jsonErrorOffset('{"a": off}'), 6);
  assert.is(jsonErrorOffset('{"a": 1,}'), 8);
  assert.is(jsonErrorOffset('{"a": 1'), 7);
  assert.is(jsonErrorOffset('{"a": 1}}'), 8);
  assert.is(jsonErrorOffset("{'a': 1}"), 1);
  assert.is(jsonErrorOffset(''), 0);
});

test('paths sort by code point, independent of locale', () => {
  assert.equal(['b.xml', 'B.xml', 'a.xml', 'a-b.xml', 'a/b.xml'].sort(compareCodePoints), ['B.xml', 'a-b.xml', 'a.xml', 'a/b.xml', 'b.xml']);
});

test.run();
