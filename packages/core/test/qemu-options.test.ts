import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { literalWord, parseCommandLine, type Word } from '../src/syntax/command-line.js';
import {
  parseDeviceOption,
  parseKeyvalOption,
  propertyValueText,
  type OptionParse,
  type OptionProperty,
} from '../src/syntax/qemu-options.js';
import type { Span } from '../src/syntax/source.js';

/** The source text and the words after the program. */
function argsOf(source: string): Word[] {
  const r = parseCommandLine(source);
  if (!r.ok) throw new Error(r.error.message);
  return [...r.commandLine.args];
}

function properties(parsed: OptionParse): readonly OptionProperty[] {
  if (!parsed.ok) throw new Error(`${parsed.error.message} at ${parsed.error.span.start}`);
  return parsed.properties;
}

const raw = (text: string, span: Span | null) => (span ? text.slice(span.start, span.end) : null);
const pairs = (props: readonly OptionProperty[]) => props.map((p) => [p.key, p.value]);

test('-device keyval: implied driver, key=value pairs and their spans', () => {
  const source = 'qemu-system-x86_64 -device virtio-net-pci,netdev=n0,bus=pci.1,addr=0x3';
  const device = argsOf(source)[1];
  const parsed = parseDeviceOption(device);
  assert.ok(parsed.ok && parsed.syntax === 'keyval');
  const props = properties(parsed);
  assert.equal(pairs(props), [['driver', 'virtio-net-pci'], ['netdev', 'n0'], ['bus', 'pci.1'], ['addr', '0x3']]);
  assert.is(props[0].keySpan, null);
  assert.is(props[0].form, 'implied');
  assert.is(raw(source, props[0].valueSpan), 'virtio-net-pci');
  assert.is(raw(source, props[2].keySpan), 'bus');
  assert.is(raw(source, props[2].valueSpan), 'pci.1');
  assert.is(raw(source, props[2].span), 'bus=pci.1');
});

test(',, is a literal comma in values, with the source span of the escaped text', () => {
  const source = 'qemu-system-x86_64 -drive file=a,,b.img,if=none';
  const props = properties(parseKeyvalOption(argsOf(source)[1], null));
  assert.equal(pairs(props), [['file', 'a,b.img'], ['if', 'none']]);
  assert.is(raw(source, props[0].valueSpan), 'a,,b.img');
  assert.is(raw(source, props[0].span), 'file=a,,b.img');
});

test(',, in the implied first element and a value ending in an escaped comma', () => {
  const word = literalWord('odd,,driver,serial=x,,,id=d0', 100);
  const props = properties(parseDeviceOption(word));
  assert.equal(pairs(props), [['driver', 'odd,driver'], ['serial', 'x,'], ['id', 'd0']]);
  assert.equal(props[0].valueSpan, { start: 100, end: 111 });
  assert.equal(props[1].valueSpan, { start: 119, end: 122 });
});

test('bare keys are flags (foo=on, nofoo=off); trailing and leading empty elements are ignored', () => {
  const props = properties(parseKeyvalOption(literalWord('socket,id=c0,server,nowait,', 0), 'backend'));
  assert.equal(pairs(props), [['backend', 'socket'], ['id', 'c0'], ['server', 'on'], ['wait', 'off']]);
  assert.equal(props.map((p) => p.form), ['implied', 'pair', 'flag', 'flag']);
  assert.equal(props[3].span, { start: 20, end: 26 });
  assert.equal(pairs(properties(parseKeyvalOption(literalWord(',a=1', 0), 'type'))), [['a', '1']]);
});

test('without an implied key a bare first element is a flag; values may contain =', () => {
  const props = properties(parseKeyvalOption(literalWord('readonly,opt=a=b', 0), null));
  assert.equal(pairs(props), [['readonly', 'on'], ['opt', 'a=b']]);
});

test('-machine keyval: implied type; a first element with = is a plain pair', () => {
  assert.equal(pairs(properties(parseKeyvalOption(literalWord('q35,accel=kvm', 0), 'type'))), [['type', 'q35'], ['accel', 'kvm']]);
  assert.equal(pairs(properties(parseKeyvalOption(literalWord('type=pc,usb=on', 0), 'type'))), [['type', 'pc'], ['usb', 'on']]);
});

test('duplicate keys are all kept in order (the last one wins in QEMU)', () => {
  const props = properties(parseDeviceOption(literalWord('e1000,mac=1,mac=2', 0)));
  assert.equal(pairs(props), [['driver', 'e1000'], ['mac', '1'], ['mac', '2']]);
});

test('keyval spans map through shell quoting', () => {
  const source = `qemu-system-x86_64 -device "virtio-net-pci,netdev=n0,"'bus=pci.1'`;
  const props = properties(parseDeviceOption(argsOf(source)[1]));
  assert.is(raw(source, props[2].valueSpan), 'pci.1');
  assert.is(raw(source, props[1].span), 'netdev=n0');
});

test('empty value and empty option', () => {
  const props = properties(parseKeyvalOption(literalWord('a=,b=1', 10), null));
  assert.equal(pairs(props), [['a', ''], ['b', '1']]);
  assert.equal(props[0].valueSpan, { start: 12, end: 12 });
  assert.equal(properties(parseDeviceOption(literalWord('', 0))), []);
});

test('JSON -device: typed values, spans inside string quotes, whole-member spans', () => {
  const source = `qemu-system-x86_64 -device '{"driver":"pcie-root-port","port":16,"chassis":1,"multifunction":true,"x":null,"f":-1.5e2,"o":{"a":[1,2]}}'`;
  const parsed = parseDeviceOption(argsOf(source)[1]);
  assert.ok(parsed.ok && parsed.syntax === 'json');
  const props = properties(parsed);
  assert.equal(pairs(props), [
    ['driver', 'pcie-root-port'], ['port', 16], ['chassis', 1], ['multifunction', true], ['x', null], ['f', -150],
    ['o', { a: [1, 2] }],
  ]);
  assert.ok(props.every((p) => p.form === 'json'));
  assert.is(raw(source, props[0].keySpan), 'driver');
  assert.is(raw(source, props[0].valueSpan), 'pcie-root-port');
  assert.is(raw(source, props[1].valueSpan), '16');
  assert.is(raw(source, props[1].span), '"port":16');
  assert.is(raw(source, props[6].valueSpan), '{"a":[1,2]}');
});

test('JSON escaped quotes: decoded value, span of the raw escape in the source', () => {
  const source = `qemu-system-x86_64 -device '{"driver":"virtio-blk-pci","serial":"a\\"b\\u0041"}'`;
  const props = properties(parseDeviceOption(argsOf(source)[1]));
  assert.is(props[1].value, 'a"bA');
  assert.is(raw(source, props[1].valueSpan), 'a\\"b\\u0041');
});

test('JSON inside shell double quotes: spans skip the shell escapes', () => {
  const source = `qemu-system-x86_64 -device "{\\"driver\\": \\"virtio-net-pci\\", \\"id\\": \\"n0\\"}"`;
  const props = properties(parseDeviceOption(argsOf(source)[1]));
  assert.equal(pairs(props), [['driver', 'virtio-net-pci'], ['id', 'n0']]);
  assert.is(raw(source, props[0].keySpan), 'driver');
  assert.is(raw(source, props[0].valueSpan), 'virtio-net-pci');
  assert.is(raw(source, props[0].span), '\\"driver\\": \\"virtio-net-pci\\"');
});

test("JSON: QEMU's single-quoted strings are accepted", () => {
  const props = properties(parseDeviceOption(literalWord(`{'driver':'e1000','id':'it\\'s "n"'}`, 0)));
  assert.equal(pairs(props), [['driver', 'e1000'], ['id', `it's "n"`]]);
});

/** Parses `-device VALUE` and returns the error with its source text. */
function jsonError(value: string): { message: string; text: string; span: Span } {
  const source = `qemu-system-x86_64 -device '${value}'`;
  const parsed = parseDeviceOption(argsOf(source)[1]);
  if (parsed.ok) throw new Error('expected an error');
  return { message: parsed.error.message, text: raw(source, parsed.error.span)!, span: parsed.error.span };
}

test('invalid JSON: trailing comma is reported at the comma', () => {
  const source = `qemu-system-x86_64 -device '{"driver":"e1000",}'`;
  const e = jsonError('{"driver":"e1000",}');
  assert.match(e.message, /trailing comma/);
  assert.is(e.text, ',');
  assert.is(e.span.start, source.indexOf(',}'));
});

test('invalid JSON: a missing closing brace is reported at the end of the value', () => {
  const source = `qemu-system-x86_64 -device '{"driver":"e1000"'`;
  const e = jsonError('{"driver":"e1000"');
  assert.match(e.message, /unexpected end of JSON input/);
  assert.equal(e.span, { start: source.length - 1, end: source.length - 1 }, 'just before the closing shell quote');
});

test('invalid JSON: bad tokens carry their own spans', () => {
  const cases: [string, RegExp, string][] = [
    ['{"driver":tru}', /invalid keyword 'tru'/, 'tru'],
    ['{"driver" "e1000"}', /expected ':'/, '"'],
    ['{driver:"e1000"}', /expected a string key/, 'driver'],
    ['{"a":1 "b":2}', /expected ',' or '}'/, '"'],
    ['{"a":01}', /invalid number '01'/, '01'],
    ['{"a":"x\\qy"}', /invalid escape/, '\\q'],
    ['{"a":"open}', /unterminated string/, '"open}'],
    ['{"a":1,"a":2}', /duplicate key 'a'/, '"a"'],
    ['{"a":1} x', /unexpected text after/, 'x'],
    ['{"a":[1,]}', /trailing comma in JSON array/, ','],
  ];
  for (const [value, message, text] of cases) {
    const e = jsonError(value);
    assert.match(e.message, message, value);
    assert.is(e.text, text, value);
  }
});

test('invalid JSON: the value must be an object', () => {
  const e = parseDeviceOption(literalWord('{', 0));
  assert.ok(!e.ok && /unexpected end/.test(e.error.message));
  // Only a leading `{` selects JSON, exactly like QEMU: `[1]` is a keyval driver name.
  assert.equal(pairs(properties(parseDeviceOption(literalWord('[1]', 0)))), [['driver', '[1]']]);
});

test('a "__proto__" key is plain data', () => {
  const props = properties(parseDeviceOption(literalWord('{"driver":"x","o":{"__proto__":{"polluted":1}}}', 0)));
  const o = props[1].value as Record<string, unknown>;
  assert.equal(Object.keys(o), ['__proto__']);
  assert.is(({} as Record<string, unknown>).polluted, undefined);
});

test('propertyValueText: strings as is, others in their JSON spelling', () => {
  const props = properties(parseDeviceOption(literalWord('{"s":"on","n":16,"b":false,"z":null,"o":{"a":1}}', 0)));
  assert.equal(props.map(propertyValueText), ['on', '16', 'false', 'null', '{"a":1}']);
});

test.run();
