import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import common from '@pcilint/rules-common';
import q35 from '@pcilint/rules-q35';
import i440fx from '@pcilint/rules-i440fx';
import virt from '@pcilint/rules-mach-virt';
import pseries from '@pcilint/rules-pseries';
import { applyEdits, createFixer, fixText, graphFromText, resolveConfig, type DeviceGraph, type Edit } from '../src/index.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/argv-fix');
const config = resolveConfig([common, q35, i440fx, virt, pseries], []);

function graphOf(text: string): DeviceGraph {
  const built = graphFromText(text);
  if (built.kind !== 'graph') throw new Error('no graph');
  return built.graph;
}
const apply = (text: string, edit: Edit | null) => {
  assert.ok(edit, 'expected an edit');
  return applyEdits(text, [edit!]).output;
};
const port = (graph: DeviceGraph, index: number) => graph.controllers.find((c) => c.index === index)!;

const KV = "/usr/bin/qemu-system-x86_64 \\\n-machine q35 \\\n-nodefaults \\\n-device pcie-root-port,port=16,chassis=1,id=pci.1,bus=pcie.0,addr=0x2 \\\n-device virtio-net-pci,id=net0,bus=pci.1,addr=0x0\n";
const JSON_SH = `#!/bin/sh\nexec qemu-system-x86_64 \\\n  -machine q35 -nodefaults \\\n  -device '{"driver":"pcie-root-port","port":16,"chassis":1,"id":"pci.1","bus":"pcie.0","addr":"0x2"}' \\\n  -device '{"driver":"virtio-net-pci","id":"net0","bus":"pci.1","addr":"0x0"}'\n`;

test('setValue: key=value raw with ,, escaping; JSON keeps a number a number', () => {
  const g = graphOf(KV);
  const chassis = port(g, 1).target.chassis!.attr;
  assert.is(apply(KV, createFixer(KV, g).setValue(chassis, '7')), KV.replace('chassis=1', 'chassis=7'));
  const j = graphOf(JSON_SH);
  assert.is(apply(JSON_SH, createFixer(JSON_SH, j).setValue(port(j, 1).target.chassis!.attr, '7')), JSON_SH.replace('"chassis":1', '"chassis":7'));
  // JSON strings stay strings, hex port numbers become JSON numbers.
  assert.is(apply(JSON_SH, createFixer(JSON_SH, j).setValue(port(j, 1).target.port!.attr, '0x18')), JSON_SH.replace('"port":16', '"port":24'));
});

test('setValue on an address field rewrites the whole addr= from slot and function', () => {
  const g = graphOf(KV);
  const address = port(g, 1).address!;
  assert.is(apply(KV, createFixer(KV, g).setValue(address.function!.attr, '0x3')), KV.replace('addr=0x2 ', 'addr=0x2.0x3 '));
  const j = graphOf(JSON_SH);
  assert.is(apply(JSON_SH, createFixer(JSON_SH, j).setValue(port(j, 1).address!.slot!.attr, '0x05')), JSON_SH.replace('"addr":"0x2"', '"addr":"0x5"'));
});

test('synthesised attributes have no property: setValue returns null', () => {
  const g = graphOf(KV);
  assert.is(createFixer(KV, g).setValue(port(g, 1).address!.domain!.attr, '0x0001'), null);
  // The root controller comes from -machine, not from a -device.
  const model = g.root!.element!.attributes.find((a) => a.name === 'model')!;
  assert.is(createFixer(KV, g).setValue(model, 'pcie-root'), null);
});

test('setAttribute adds a property in the device syntax, or replaces it', () => {
  const g = graphOf(KV);
  const address = port(g, 1).address!.element;
  assert.is(apply(KV, createFixer(KV, g).setAttribute(address, 'multifunction', 'on')), KV.replace('addr=0x2 ', 'addr=0x2,multifunction=on '));
  const j = graphOf(JSON_SH);
  const edited = apply(JSON_SH, createFixer(JSON_SH, j).setAttribute(port(j, 1).address!.element, 'multifunction', 'on'));
  assert.is(edited, JSON_SH.replace('"addr":"0x2"}', '"addr":"0x2","multifunction":true}'));
  const again = graphOf(edited);
  assert.is(apply(edited, createFixer(edited, again).setAttribute(port(again, 1).address!.element, 'multifunction', 'off')), JSON_SH.replace('"addr":"0x2"}', '"addr":"0x2","multifunction":false}'));
});

test('removeAttributes drops the property with its separator; removeElement drops a whole -device', () => {
  const g = graphOf(KV);
  assert.is(apply(KV, createFixer(KV, g).removeAttributes([port(g, 1).target.chassis!.attr])), KV.replace(',chassis=1', ''));
  const j = graphOf(JSON_SH);
  assert.is(apply(JSON_SH, createFixer(JSON_SH, j).removeAttributes([port(j, 1).target.port!.attr])), JSON_SH.replace(',"port":16', ''));
  const nic = g.devices.find((d) => d.deviceKind === 'interface')!;
  assert.is(apply(KV, createFixer(KV, g).removeElement(nic.element!)), KV.replace(' \\\n-device virtio-net-pci,id=net0,bus=pci.1,addr=0x0', ''));
  const jnic = j.devices.find((d) => d.deviceKind === 'interface')!;
  assert.is(apply(JSON_SH, createFixer(JSON_SH, j).removeElement(jnic.element!)), JSON_SH.replace(` \\\n  -device '{"driver":"virtio-net-pci","id":"net0","bus":"pci.1","addr":"0x0"}'`, ''));
  // An address written as addr= is a property of its own; the driver never goes.
  assert.is(apply(KV, createFixer(KV, g).removeElement(nic.address!.element)), KV.replace('pci.1,addr=0x0', 'pci.1'));
  const model = port(g, 1).element!.children.find((c) => c.name === 'model')!;
  assert.is(createFixer(KV, g).removeElement(model), null);
});

test('insertControllers: after the last PCI controller, ids unique, bus= the parent id, in the file syntax and continuation', () => {
  const withId = KV.replace('id=net0', 'id=pci.2');
  const g = graphOf(withId);
  const edit = createFixer(withId, g).insertControllers([
    { index: 2, model: 'pcie-root-port', modelName: 'pcie-root-port', target: [['chassis', '2'], ['port', '0x8']], address: { bus: 0, slot: 1, function: 0 } },
    { index: 3, model: 'pcie-to-pci-bridge', modelName: 'pcie-pci-bridge', address: { bus: 2, slot: 0, function: 0 } },
  ]);
  assert.is(
    apply(withId, edit),
    withId.replace('addr=0x2 \\\n', 'addr=0x2 \\\n-device pcie-root-port,port=0x8,chassis=2,id=pci.2-1,bus=pcie.0,addr=0x1 \\\n-device pcie-pci-bridge,id=pci.3,bus=pci.2-1,addr=0x0 \\\n'),
  );
  const j = graphOf(JSON_SH);
  const jedit = createFixer(JSON_SH, j).insertControllers([
    { index: 2, model: 'pcie-root-port', modelName: 'pcie-root-port', target: [['chassis', '2'], ['port', '0x8']], address: { bus: 0, slot: 2, function: 1, multifunction: false } },
  ]);
  assert.is(
    apply(JSON_SH, jedit),
    JSON_SH.replace(`"addr":"0x2"}' \\\n`, `"addr":"0x2"}' \\\n  -device '{"driver":"pcie-root-port","port":8,"chassis":2,"id":"pci.2","bus":"pcie.0","addr":"0x2.0x1"}' \\\n`),
  );
});

test('/proc cmdline and ps lines get no fixes (snapshots of a process, quoting lost)', () => {
  const text = 'qemu-system-x86_64\0-M\0q35\0-nodefaults\0-device\0pcie-root-port,id=rp1,chassis=1,addr=0x2\0';
  const g = graphOf(text);
  assert.is(g.commandLine?.format, 'proc-cmdline');
  assert.is(createFixer(text, g).setValue(port(g, 1).target.chassis!.attr, '2'), null);
  assert.is(createFixer(text, g).insertControllers([{ index: 2, model: 'pcie-root-port' }]), null);
});

const pairs = readdirSync(fixtures).filter((f) => /\.(args|sh)$/.test(f) && !f.includes('.fixed.'));
test('fixtures: one .args and one .sh per situation', () => {
  const situations = new Set(pairs.map((f) => f.replace(/\.(args|sh)$/, '')));
  for (const s of ['spare-root-ports', 'multifunction', 'duplicate-chassis', 'port-renumber', 'removal']) {
    assert.ok(pairs.includes(`${s}.args`) && pairs.includes(`${s}.sh`), s);
  }
  assert.ok(situations.size >= 5);
});

for (const file of pairs) {
  test(`fixText ${file}: byte-identical to the .fixed file, idempotent, parses`, () => {
    const before = readFileSync(join(fixtures, file), 'utf8');
    const expected = readFileSync(join(fixtures, file.replace(/\.(args|sh)$/, '.fixed.$1')), 'utf8');
    const fixed = fixText(before, config);
    assert.is(fixed.output, expected);
    assert.ok(fixed.fixed, 'the fixture has something to fix');
    assert.is(fixText(fixed.output, config).output, fixed.output, 'a second fix changes nothing');
    const problems = fixed.result.messages.filter((m) => m.ruleId === null);
    assert.equal(problems.map((m) => m.message), [], 'the fixed command line parses');
    assert.ok(!fixed.result.messages.some((m) => m.fix), 'nothing left to fix');
  });
}

test.run();
