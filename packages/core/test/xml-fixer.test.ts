// The XML RuleFixer: each structural edit touches only the bytes it means to change.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyEdits, createFixer, graphFromText, type DeviceGraph, type Edit, type XmlElement } from '../src/index.js';

function graphOf(text: string): DeviceGraph {
  const built = graphFromText(text);
  if (built.kind !== 'graph') throw new Error(`no graph: ${built.kind}`);
  return built.graph;
}

function find(e: XmlElement, name: string): XmlElement | undefined {
  return e.name === name ? e : e.children.map((c) => find(c, name)).find(Boolean);
}

function apply(text: string, edit: (graph: DeviceGraph) => Edit | null): string {
  const graph = graphOf(text);
  const e = edit(graph);
  if (!e) throw new Error('no edit');
  return applyEdits(text, [e]).output;
}

const q35 = (devices: string, eol = '\n', indent = '  ') =>
  [`<domain type='qemu'>`, `${indent}<os>`, `${indent}${indent}<type arch='x86_64' machine='q35'>hvm</type>`, `${indent}</os>`, `${indent}<devices>`, ...devices.split('\n').map((l) => indent + indent + l), `${indent}</devices>`, '</domain>', ''].join(eol);

test('appendChild opens a self-closing element, one level deeper than its own indentation', () => {
  const text = q35("<input type='keyboard' bus='virtio' />");
  const out = apply(text, (g) => createFixer(text, g).appendChild(find(g.domainElement, 'input')!, 'address', [['type', 'pci']]));
  assert.ok(out.includes("    <input type='keyboard' bus='virtio'>\n      <address type='pci'/>\n    </input>\n"), out);
});

test('appendChild keeps tabs, CRLF and double quotes, after the last child', () => {
  const text = q35('<rng model="virtio">\n\t<backend model="random">/dev/urandom</backend>\n</rng>', '\r\n', '\t');
  const out = apply(text, (g) => createFixer(text, g).appendChild(find(g.domainElement, 'rng')!, 'address', [['type', 'pci']]));
  assert.ok(out.includes('\t\t\t<backend model="random">/dev/urandom</backend>\r\n\t\t\t<address type="pci"/>\r\n\t\t</rng>\r\n'), JSON.stringify(out));
});

test('setAttribute adds after the last attribute in the element\'s quote style, or replaces the value', () => {
  const text = q35('<controller type="pci" index="1" model="pcie-root-port"/>');
  const add = apply(text, (g) => createFixer(text, g).setAttribute(find(g.domainElement, 'controller')!, 'data-x', 'a"b'));
  assert.ok(add.includes('<controller type="pci" index="1" model="pcie-root-port" data-x="a&quot;b"/>'), add);
  const replace = apply(text, (g) => createFixer(text, g).setAttribute(find(g.domainElement, 'controller')!, 'index', '7'));
  assert.ok(replace.includes('<controller type="pci" index="7" model="pcie-root-port"/>'));
});

test('removeElement takes the line it had to itself, CRLF included, and nothing else', () => {
  const text = q35("<controller type='pci' index='0' model='pcie-root'/>\n<memballoon model='none'/>", '\r\n');
  const out = apply(text, (g) => createFixer(text, g).removeElement(find(g.domainElement, 'memballoon')!));
  assert.is(out, text.replace("\r\n    <memballoon model='none'/>", ''));
});

test('removeAttributes drops each attribute with the blanks before it, in one edit', () => {
  const text = q35("<controller type='pci'  index='1'   model='pci-bridge'/>");
  const out = apply(text, (g) => {
    const c = find(g.domainElement, 'controller')!;
    return createFixer(text, g).removeAttributes(c.attributes.filter((a) => a.name !== 'type'));
  });
  assert.ok(out.includes("<controller type='pci'/>"), out);
});

test('insertControllers goes after the last PCI controller (not after other controller types) in the file\'s style', () => {
  const text = q35("<controller type='pci' index='0' model='pcie-root'/>\n<controller type='usb' index='0' model='qemu-xhci'><address type='pci' bus='0' slot='2'/></controller>");
  const out = apply(text, (g) =>
    createFixer(text, g).insertControllers([
      { index: 1, model: 'pcie-root-port', modelName: 'pcie-root-port', target: [['chassis', '1'], ['port', '0x8']], address: { bus: 0, slot: 1, function: 0 } },
    ]),
  );
  assert.ok(
    out.includes(
      "<controller type='pci' index='0' model='pcie-root'/>\n    <controller type='pci' index='1' model='pcie-root-port'>\n      <model name='pcie-root-port'/>\n      <target chassis='1' port='0x8'/>\n      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n    </controller>\n    <controller type='usb'",
    ),
    out,
  );
});

test('insertControllers before a given element: a forgotten root goes first', () => {
  const text = q35("<controller type='pci' model='pcie-root-port'/>");
  const out = apply(text, (g) => createFixer(text, g).insertControllers([{ index: 0, model: 'pcie-root' }], find(g.domainElement, 'controller')!));
  assert.ok(out.includes("  <devices>\n    <controller type='pci' index='0' model='pcie-root'/>\n    <controller type='pci' model='pcie-root-port'/>\n"), out);
});

test('a guest without any PCI address gets root ports as minimal elements, index kept', () => {
  const text = q35("<controller type='pci' index='0' model='pcie-root'/>");
  const out = apply(text, (g) =>
    createFixer(text, g).insertControllers([{ index: 1, model: 'pcie-root-port', modelName: 'pcie-root-port', target: [['chassis', '1']], address: { bus: 0, slot: 1, function: 0 } }]),
  );
  assert.ok(out.includes("\n    <controller type='pci' index='1' model='pcie-root-port'/>\n"), out);
});

test.run();
