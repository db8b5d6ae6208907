import { parseXml, type XmlElement } from '@pcilint/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appendChildElement } from '../src/util/insert-child.js';

/** Applies the fix for the first element named `name` and returns the new text. */
function appendAddress(text: string, name: string): string {
  const parsed = parseXml(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const find = (e: XmlElement): XmlElement | undefined => (e.name === name ? e : e.children.map(find).find(Boolean));
  const element = find(parsed.root);
  if (!element) throw new Error(`no <${name}>`);
  const fix = appendChildElement(text, element, 'address', [['type', 'pci']]);
  return text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
}

test('opens a self-closing element, one level deeper than its own indentation', () => {
  const text = "<domain>\n  <devices>\n    <input type='keyboard' bus='virtio' />\n  </devices>\n</domain>\n";
  assert.is(
    appendAddress(text, 'input'),
    "<domain>\n  <devices>\n    <input type='keyboard' bus='virtio'>\n      <address type='pci'/>\n    </input>\n  </devices>\n</domain>\n",
  );
});

test('inserts after the last child with the children indentation, tabs and CRLF kept', () => {
  const text = '<domain>\r\n\t<devices>\r\n\t\t<rng model="virtio">\r\n\t\t\t<backend model="random">/dev/urandom</backend>\r\n\t\t</rng>\r\n\t</devices>\r\n</domain>\r\n';
  assert.is(
    appendAddress(text, 'rng'),
    '<domain>\r\n\t<devices>\r\n\t\t<rng model="virtio">\r\n\t\t\t<backend model="random">/dev/urandom</backend>\r\n\t\t\t<address type="pci"/>\r\n\t\t</rng>\r\n\t</devices>\r\n</domain>\r\n',
  );
});

test('keeps a one-line element on one line', () => {
  const text = "<domain><devices><rng model='virtio'><backend model='random'/></rng></devices></domain>";
  assert.is(appendAddress(text, 'rng'), "<domain><devices><rng model='virtio'><backend model='random'/><address type='pci'/></rng></devices></domain>");
});

test('an end tag that shares its line with a child gets its own line', () => {
  const text = "<domain>\n  <devices>\n    <interface type='user'>\n      <model type='virtio'/></interface>\n  </devices>\n</domain>\n";
  assert.is(
    appendAddress(text, 'interface'),
    "<domain>\n  <devices>\n    <interface type='user'>\n      <model type='virtio'/>\n      <address type='pci'/>\n    </interface>\n  </devices>\n</domain>\n",
  );
});

test.run();
