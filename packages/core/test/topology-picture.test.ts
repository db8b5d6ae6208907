import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { anchorFindings, describeTopology, graphFromText, predictPlacement, type DeviceGraph } from '../src/index.js';

function graphOf(text: string): DeviceGraph {
  const built = graphFromText(text);
  if (built.kind !== 'graph') throw new Error(built.kind);
  return built.graph;
}

const domain = (machine: string, arch: string, devices: string, features = '<features><acpi/></features>') =>
  `<domain type='kvm'><os><type arch='${arch}' machine='${machine}'>hvm</type></os>${features}<devices>${devices}</devices></domain>`;
const chipset = (graph: DeviceGraph) =>
  describeTopology(graph).chipset.map((f) => `${f.address.slot.toString(16).padStart(2, '0')}.${f.address.function} ${f.label}`);

test('i440fx: host bridge, PIIX3 ISA and IDE, PIIX4 ACPI on bus 0 (the IDE function is there with no IDE controller in the XML)', () => {
  assert.equal(chipset(graphOf(domain('pc-i440fx-7.2', 'x86_64', ''))), [
    '00.0 host bridge (i440FX)', '01.0 ISA bridge (PIIX3)', '01.1 IDE controller (piix3-ide)', '01.3 ACPI power management (PIIX4_PM)',
  ]);
});

test('i440fx: a written IDE controller 0 stands for 00:01.1 itself; without <acpi/> 00:01.3 is only reserved', () => {
  const graph = graphOf(domain('pc-i440fx-7.2', 'x86_64', "<controller type='ide' index='0'/>", ''));
  assert.equal(chipset(graph), ['00.0 host bridge (i440FX)', '01.0 ISA bridge (PIIX3)', '01.3 PIIX4_PM (no ACPI)']);
  assert.equal(describeTopology(graph).chipset.map((f) => f.reserved), [false, false, true]);
  const ide = describeTopology(graph).devices.find((d) => d.kind === 'controller' && d.label.startsWith('ide'));
  assert.equal(ide?.address, { domain: 0, bus: 0, slot: 1, function: 1 });
});

test('q35: host bridge, LPC and SMBus; SATA 0 at 00:1f.2 is a device of its own', () => {
  const graph = graphOf(domain('pc-q35-7.2', 'x86_64', ''));
  assert.equal(chipset(graph), ['00.0 host bridge (mch)', '1f.0 ISA/LPC bridge (ICH9-LPC)', '1f.3 SMBus (ICH9-SMB)']);
  assert.ok(describeTopology(graph).devices.some((d) => d.label === 'sata controller index 0' && d.address?.slot === 0x1f && d.address.function === 2));
});

test('virt has gpex-root at 00:00.0; pseries PHBs have no function of their own', () => {
  assert.equal(chipset(graphOf(domain('virt', 'aarch64', ''))), ['00.0 host bridge (gpex-root)']);
  assert.equal(chipset(graphOf(domain('pseries', 'ppc64', ''))), []);
});

test('a finding anchors to the innermost element holding it, and to the function its <address> names', () => {
  const text = domain('pc-i440fx-7.2', 'x86_64',
    "<memballoon model='virtio'><address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x1'/></memballoon>"
    + "<interface type='user'><model type='e1000'/></interface>");
  const graph = graphOf(text);
  const at = (needle: string) => text.indexOf(needle);
  const [inAddress, inModel, inMachine, hostSource] = anchorFindings(graph, [
    { range: [at("slot='0x01'"), at("slot='0x01'") + 4] },
    { range: [at("<model type='e1000'"), at("<model type='e1000'") + 5] },
    { range: [at('<os>'), at('<os>') + 4] },
    { range: [at("<memballoon"), at("<memballoon") + 3] },
  ]);
  assert.equal(inAddress, { paths: ['/domain/devices/memballoon'], address: { domain: 0, bus: 0, slot: 1, function: 1 } });
  assert.equal(inModel, { paths: ['/domain/devices/interface'], address: null });
  assert.equal(inMachine, { paths: [], address: null });
  // The start tag is the device's, not its address's: no function.
  assert.equal(hostSource, { paths: ['/domain/devices/memballoon'], address: null });
});

test('the source address of a hostdev names no guest function', () => {
  const text = domain('pseries', 'ppc64',
    "<hostdev mode='subsystem' type='pci'><source><address domain='0x0001' bus='0x01' slot='0x00' function='0x0'/></source></hostdev>");
  const graph = graphOf(text);
  const offset = text.indexOf("domain='0x0001'");
  assert.equal(anchorFindings(graph, [{ range: [offset, offset + 1] }]), [{ paths: ['/domain/devices/hostdev'], address: null }]);
  assert.ok(predictPlacement(graph).devices.length > 0);
});

test.run();
