import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { graphFromText, sourceLanguageOf, type DeviceGraph, type GraphNode } from '../src/index.js';

/** Builds the graph of a command line given as argument words (joined with shell quoting). */
function graphOf(words: readonly string[]): DeviceGraph {
  const text = words.map((w) => (/^[\w./=,:-]+$/.test(w) ? w : `'${w}'`)).join(' \\\n');
  const built = graphFromText(text);
  if (built.kind !== 'graph') throw new Error(`no graph: ${JSON.stringify(built)}`);
  assert.is(built.graph.source, 'qemu-argv');
  return built.graph;
}

const at = (node: GraphNode) =>
  node.address ? `${node.address.bus?.value}:${node.address.slot?.value?.toString(16)}.${node.address.function?.value}` : null;

/** "kind@bus:slot.fn" for every addressed device, in graph order. */
function layout(graph: DeviceGraph): string[] {
  return graph.devices.filter((d) => d.address).map((d) => `${d.controllerType ?? d.model ?? d.deviceKind}@${at(d)}`);
}

test('the input language is told by content: XML starts with <, anything else is a command line', () => {
  assert.is(sourceLanguageOf('  \n<domain type="kvm"/>'), 'libvirt-xml');
  assert.is(sourceLanguageOf('#!/bin/sh\nqemu-system-x86_64 -M q35'), 'qemu-argv');
  assert.is(sourceLanguageOf('qemu-system-x86_64\0-M\0q35\0'), 'qemu-argv');
});

// Oracle (QEMU 7.2, `info pci` without -nodefaults): pc puts the default VGA
// at 00:02.0 and the default e1000 at 00:03.0; PIIX3 IDE is at 00:01.1.
test('pc without -nodefaults: PIIX3 IDE, default VGA then default NIC at the first free slots', () => {
  const graph = graphOf(['qemu-system-x86_64', '-M', 'pc']);
  assert.is(graph.machine.family, 'i440fx');
  assert.equal(layout(graph), ['ide@0:1.1', 'vga@0:2.0', 'e1000@0:3.0']);
  assert.ok(graph.devices.every((d) => d.origin === 'implicit'));
  assert.is(graph.root?.model, 'pci-root');
});

// Oracle: q35 -usb: VGA 00:01.0, e1000e 00:02.0, ICH9 EHCI 1d.7 with UHCI companions 1d.0-2, AHCI 1f.2.
test('q35 with -usb: ICH9 USB at 1d, AHCI at 1f.2, VGA at 01.0, e1000e at 02.0', () => {
  const graph = graphOf(['qemu-system-x86_64', '-machine', 'q35', '-usb']);
  assert.equal(layout(graph), ['sata@0:1f.2', 'usb@0:1d.7', 'usb@0:1d.0', 'usb@0:1d.1', 'usb@0:1d.2', 'vga@0:1.0', 'e1000e@0:2.0']);
  assert.is(graph.root?.model, 'pcie-root');
});

// Oracle: pseries-7.2 has no host bridge function; VGA at 00:00.0 and nec-usb-xhci at 00:01.0.
test('pseries defaults: VGA at slot 0, USB (nec-xhci) next; -nodefaults removes both', () => {
  const graph = graphOf(['qemu-system-ppc64', '-M', 'pseries']);
  assert.equal(layout(graph), ['vga@0:0.0', 'usb@0:1.0']);
  // 00:00.0 means "auto" only in libvirt XML; here it is where QEMU put the VGA.
  assert.is(graph.devices[0].address?.empty, false);
  assert.equal(layout(graphOf(['qemu-system-ppc64', '-M', 'pseries', '-nodefaults'])), []);
});

// Oracle: aarch64 virt: GPEX host bridge at 00:00.0, default virtio-net-pci at 00:01.0, no VGA.
test('virt defaults: the default NIC is virtio-net-pci at 00:01.0', () => {
  const graph = graphOf(['qemu-system-aarch64', '-M', 'virt']);
  assert.is(graph.machine.family, 'virt');
  assert.equal(layout(graph), ['virtio@0:1.0']);
});

// Oracle: pc -vga none -net nic -net nic,model=virtio -device e1000 -> 02.0, 03.0, 04.0.
test('NICs from -net nic come before -device, in order; -vga none drops the VGA', () => {
  const graph = graphOf(['qemu-system-x86_64', '-M', 'pc', '-vga', 'none', '-net', 'nic', '-net', 'nic,model=virtio', '-device', 'e1000']);
  assert.equal(layout(graph), ['ide@0:1.1', 'e1000@0:2.0', 'virtio@0:3.0', 'e1000@0:4.0']);
  const explicitNic = graph.devices[3];
  assert.is(explicitNic.origin, 'written');
  assert.is(explicitNic.address?.predicted, true);
});

test('a display -device replaces the default VGA; -netdev alone removes the default NIC', () => {
  const graph = graphOf(['qemu-system-x86_64', '-M', 'pc', '-netdev', 'user,id=n0', '-device', 'qxl-vga']);
  assert.equal(layout(graph), ['ide@0:1.1', 'qxl@0:2.0']);
});

// Oracle: devices without addr= on a pci-bridge bus take slot 0, then 1 (QEMU does not reserve slot 0).
test('automatic addresses: first slot whose function 0 is free, from slot 0 on bridges', () => {
  const graph = graphOf([
    'qemu-system-x86_64', '-M', 'pc', '-nodefaults',
    '-device', 'pci-bridge,id=b1,chassis_nr=1',
    '-device', 'e1000,bus=b1', '-device', 'e1000,bus=b1,addr=0x1.0x1', '-device', 'e1000,bus=b1',
  ]);
  const bridge = graph.controllers.find((c) => c.model === 'pci-bridge')!;
  assert.is(at(bridge), '0:2.0');
  assert.is(bridge.address?.predicted, true);
  assert.is(bridge.target.chassisNr?.value, 1);
  // QEMU looks at function 0 only: slot 1 has just 1.1 taken, so the third e1000 lands at 1.0.
  assert.equal(layout(graph), ['ide@0:1.1', 'e1000@1:0.0', 'e1000@1:1.1', 'e1000@1:1.0']);
});

test('-drive if=virtio becomes a virtio-blk-pci after every -device', () => {
  const graph = graphOf(['qemu-system-x86_64', '-M', 'q35', '-nodefaults', '-drive', 'file=a.img,if=virtio', '-device', 'e1000e']);
  assert.equal(layout(graph), ['sata@0:1f.2', 'e1000e@0:1.0', 'virtio@0:2.0']);
});

test('addr= forms: 0xS.0xF, S.F in hex, and a JSON integer devfn', () => {
  const graph = graphOf([
    'qemu-system-x86_64', '-M', 'q35', '-nodefaults',
    '-device', 'pcie-root-port,id=p1,chassis=1,addr=0x2.0x1',
    '-device', 'pcie-root-port,id=p2,chassis=2,addr=a.3',
    '-device', '{"driver":"pcie-root-port","id":"p3","chassis":3,"addr":17}',
  ]);
  const ports = graph.controllers.filter((c) => c.model === 'pcie-root-port').map(at);
  assert.equal(ports, ['0:2.1', '0:a.3', '0:2.1']);
});

test('controllers map to libvirt models with their QEMU name, targets and the bus they create', () => {
  const graph = graphOf([
    'qemu-system-x86_64', '-M', 'q35', '-nodefaults',
    '-device', 'ioh3420,id=rp,chassis=5,port=0x10,bus=pcie.0,addr=0x2,hotplug=off',
    '-device', 'x3130-upstream,id=up,bus=rp',
    '-device', 'xio3130-downstream,id=down,bus=up,chassis=6,port=0',
    '-device', 'virtio-net-pci,bus=down',
  ]);
  const [root, rp, up, down] = graph.controllers;
  assert.is(root.model, 'pcie-root');
  assert.is(rp.model, 'pcie-root-port');
  assert.is(rp.modelName?.value, 'ioh3420');
  assert.is(rp.target.chassis?.value, 5);
  assert.is(rp.target.port?.value, 16);
  assert.is(graph.buses.get(rp.index!)?.hotplug, false);
  assert.is(up.model, 'pcie-switch-upstream-port');
  assert.is(down.model, 'pcie-switch-downstream-port');
  assert.is(at(up), `${rp.index}:0.0`);
  assert.equal(layout(graph).slice(-1), [`virtio@${down.index}:0.0`]);
});

test('pseries: spapr-pci-host-bridge is a PHB whose bus is "<id>.0", with its target index and NUMA node', () => {
  const graph = graphOf([
    'qemu-system-ppc64', '-M', 'pseries', '-nodefaults',
    '-device', '{"driver":"spapr-pci-host-bridge","index":1,"id":"pci.1","numa_node":1}',
    '-device', '{"driver":"vfio-pci","host":"0005:90:01.0","id":"hostdev0","bus":"pci.1.0","addr":"0x1"}',
  ]);
  const phb = graph.controllers[1];
  assert.is(phb.model, 'pci-root');
  assert.is(phb.modelName?.value, 'spapr-pci-host-bridge');
  assert.is(phb.target.index?.value, 1);
  assert.is(phb.target.node?.value, 1);
  const hostdev = graph.devices[0];
  assert.is(at(hostdev), `${phb.index}:1.0`);
  assert.equal({ ...hostdev.hostAddress, element: undefined }, { domain: 5, bus: 0x90, slot: 1, function: 0, element: undefined });
});

test('source problems: a bus that does not exist yet, bad JSON, bad addr, duplicate id, unknown driver', () => {
  const text = [
    'qemu-system-x86_64 -M q35 -nodefaults',
    "-device e1000,bus=late -device pcie-root-port,id=late,chassis=1",
    "-device '{\"driver\":\"e1000\",}'",
    '-device e1000,addr=zz',
    '-device e1000,id=n -device e1000,id=n',
    '-device frobnicator',
  ].join(' \\\n');
  const built = graphFromText(text);
  assert.is(built.kind, 'graph');
  if (built.kind !== 'graph') return;
  const problems = built.graph.sourceProblems ?? [];
  const found = problems.map((p) => `${p.severity}: ${text.slice(p.span.start, p.span.end)}`);
  assert.equal(found.slice(0, 2), ['error: late', 'error: ,']);
  assert.ok(problems[1].message.startsWith('-device: '), problems[1].message);
  assert.equal(found.slice(2), ['error: zz', 'error: n', 'warn: frobnicator']);
  assert.is(problems[0].message, "Bus 'late' not found");
});

test('-global PIIX4_PM.acpi-root-pci-hotplug=off and -no-acpi switch off i440fx root hotplug', () => {
  const base = ['qemu-system-x86_64', '-M', 'pc', '-nodefaults'];
  assert.is(graphOf(base).buses.get(0)?.hotplug, true);
  assert.is(graphOf([...base, '-global', 'PIIX4_PM.acpi-root-pci-hotplug=off']).buses.get(0)?.hotplug, false);
  assert.is(graphOf([...base, '-no-acpi']).buses.get(0)?.hotplug, false);
  assert.is(graphOf([...base.slice(0, 2), 'pc,acpi=off', '-nodefaults']).buses.get(0)?.hotplug, false);
});

test('virtio flavours and generic PCI drivers keep their connect class', () => {
  const graph = graphOf([
    'qemu-system-x86_64', '-M', 'q35', '-nodefaults',
    '-device', 'virtio-blk-pci-transitional', '-device', 'virtio-rng-pci-non-transitional', '-device', 'nvme,serial=x',
  ]);
  const [, blk, rng, nvme] = graph.devices;
  assert.is(blk.model, 'virtio-transitional');
  assert.is(blk.connect, 'pci');
  assert.is(rng.model, 'virtio-non-transitional');
  assert.is(rng.connect, 'either');
  assert.is(nvme.connect, 'pcie');
  assert.is(nvme.label, "device 'nvme'");
});

test('non-PCI drivers (IDE, USB, ISA, virtio-ccw, virtio-mmio) are not in the graph', () => {
  const graph = graphOf([
    'qemu-system-x86_64', '-M', 'pc', '-nodefaults',
    '-device', 'ide-hd,bus=ide.0,drive=d', '-device', 'usb-tablet', '-device', 'isa-serial', '-device', 'virtio-net-device',
  ]);
  assert.equal(layout(graph), ['ide@0:1.1']);
  assert.equal(graph.sourceProblems, []);
});

test.run();
