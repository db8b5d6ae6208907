import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LineIndex, child, elementPath, parseXml, type XmlElement } from '../src/index.js';

function parse(text: string): XmlElement {
  const r = parseXml(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.root;
}

test('attribute spans cover name to closing quote and the raw value inside the quotes', () => {
  const text = `<domain>\n  <address type='pci' bus="0x01"  slot = '0x1f'/>\n</domain>`;
  const address = child(parse(text), 'address')!;
  const [type, bus, slot] = address.attributes;
  assert.is(text.slice(type.span.start, type.span.end), "type='pci'");
  assert.is(text.slice(bus.valueSpan.start, bus.valueSpan.end), '0x01');
  assert.is(bus.quote, '"');
  assert.is(text.slice(slot.span.start, slot.span.end), "slot = '0x1f'");
  assert.is(slot.element, address);
});

test('entity-escaped values keep raw spans and decoded values', () => {
  const text = `<domain><name a='x&amp;y'/></domain>`;
  const attr = child(parse(text), 'name')!.attributes[0];
  assert.is(attr.value, 'x&y');
  assert.is(text.slice(attr.valueSpan.start, attr.valueSpan.end), 'x&amp;y');
});

test('element spans: start tag, whole element, self-closing', () => {
  const text = `<domain><devices>\n<controller type='pci'>\n<model name='x'/>\n</controller></devices></domain>`;
  const controller = child(child(parse(text), 'devices')!, 'controller')!;
  assert.is(text.slice(controller.startTagSpan.start, controller.startTagSpan.end), "<controller type='pci'>");
  assert.ok(text.slice(controller.span.start, controller.span.end).endsWith('</controller>'));
  assert.ok(child(controller, 'model')!.selfClosing);
});

test('offsets stay exact after non-ASCII and astral characters', () => {
  const text = `<domain><description>é😀</description><x v='1'/></domain>`;
  const x = child(parse(text), 'x')!;
  assert.is(text.slice(x.attributes[0].span.start, x.attributes[0].span.end), "v='1'");
});

test('DOCTYPE entities are never expanded: a custom entity is a syntax error', () => {
  const r = parseXml(`<!DOCTYPE d [<!ENTITY e "boom">]>\n<domain>&e;</domain>`);
  assert.not.ok(r.ok);
  if (!r.ok) {
    assert.match(r.error.message, /entity/);
    const pos = new LineIndex(`<!DOCTYPE d [<!ENTITY e "boom">]>\n<domain>&e;</domain>`).positionAt(r.error.offset);
    assert.is(pos.line, 2);
  }
});

test('external entities are neither fetched nor expanded', () => {
  const text = `<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<domain><name>&x;</name></domain>`;
  const r = parseXml(text);
  assert.not.ok(r.ok);
});

test('malformed XML reports an offset that maps to the right line and column', () => {
  const text = `<domain>\n  <devices>\n    <controller type='pci'\n  </devices>\n</domain>`;
  const r = parseXml(text);
  assert.not.ok(r.ok);
  if (!r.ok) {
    const pos = new LineIndex(text).positionAt(r.error.offset);
    assert.ok(pos.line >= 3 && pos.line <= 4, `line ${pos.line}`);
  }
});

test('an empty document is an error, not a crash', () => {
  assert.not.ok(parseXml('').ok);
  assert.not.ok(parseXml('   ').ok);
});

test('elementPath is 1-based among same-named siblings', () => {
  const root = parse(`<domain><devices><disk/><interface/><interface/></devices></domain>`);
  const devices = child(root, 'devices')!;
  assert.is(elementPath(devices.children[2]), '/domain/devices/interface[2]');
  assert.is(elementPath(devices.children[0]), '/domain/devices/disk');
});

test('LineIndex handles CRLF and CR line endings', () => {
  const idx = new LineIndex('a\r\nb\rc\nd');
  assert.equal(idx.positionAt(3), { line: 2, column: 1 });
  assert.equal(idx.positionAt(5), { line: 3, column: 1 });
  assert.equal(idx.positionAt(7), { line: 4, column: 1 });
});

test.run();
