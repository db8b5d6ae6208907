import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildGraphFromDomainXml, graphFromText, parseCInteger, parseXml, type DeviceGraph } from '../src/index.js';

function graphOf(devices: string, machine = 'pc-q35-7.2', arch = 'x86_64', extra = ''): DeviceGraph {
  const text = `<domain type='qemu'><name>t</name><os><type arch='${arch}' machine='${machine}'>hvm</type></os>${extra}<devices>${devices}</devices></domain>`;
  const built = graphFromText(text);
  if (built.kind === 'syntax-error') throw new Error(built.error.message);
  if (built.kind === 'skipped') throw new Error(built.reason);
  return built.graph;
}

test('machine family detection follows libvirt (src/qemu/qemu_domain.c machine checks)', () => {
  assert.is(graphOf('').machine.family, 'q35');
  assert.is(graphOf('', 'q35').machine.family, 'q35');
  assert.is(graphOf('', 'pc').machine.family, 'i440fx');
  assert.is(graphOf('', 'pc-i440fx-7.2').machine.family, 'i440fx');
  assert.is(graphOf('', 'pseries-7.1', 'ppc64').machine.family, 'pseries');
  assert.is(graphOf('', 'virt', 'aarch64').machine.family, 'virt');
  assert.is(graphOf('', 'virt', 'riscv64').machine.family, 'virt');
  assert.is(graphOf('', 's390-ccw-virtio', 's390x').machine.family, 's390-ccw');
  assert.is(graphOf('', 'isapc').machine.family, 'other');
});

test('a missing machine attribute takes the arch default', () => {
  const parsed = parseXml(`<domain><os><type arch='ppc64'>hvm</type></os><devices/></domain>`);
  if (!parsed.ok) throw new Error();
  const built = buildGraphFromDomainXml(parsed.root);
  assert.is(built.kind === 'graph' && built.graph.machine.family, 'pseries');
});

test('non-domain XML is skipped with a reason', () => {
  const parsed = parseXml(`<network><name>default</name></network>`);
  if (!parsed.ok) throw new Error();
  const built = buildGraphFromDomainXml(parsed.root);
  assert.is(built.kind, 'skipped');
  assert.match(built.kind === 'skipped' ? built.reason : '', /<network>/);
});

test('graphFromText reports a syntax error with its offset instead of throwing', () => {
  const built = graphFromText(`<domain>\n<devices>\n</domain>`);
  assert.is(built.kind, 'syntax-error');
  assert.ok(built.kind === 'syntax-error' && built.error.offset > 0);
});

test('implicit root is added with the machine model when the XML has none', () => {
  const q35 = graphOf('');
  assert.is(q35.root?.model, 'pcie-root');
  assert.is(q35.root?.origin, 'implicit');
  assert.is(graphOf('', 'pc').root?.model, 'pci-root');
});

test('controllers without index get the lowest unused index in document order', () => {
  const g = graphOf(`<controller type='pci' model='pcie-root'/><controller type='pci' model='pcie-root-port'/><controller type='pci' index='1' model='pcie-root-port'/><controller type='pci' model='pcie-root-port'/>`);
  assert.equal(g.controllers.map((c) => c.index), [0, 2, 1, 3]);
  assert.is(g.root?.origin, 'written');
});

test('an unindexed root port without a written pcie-root takes index 0, as libvirt does', () => {
  const g = graphOf(`<controller type='pci' model='pcie-root-port'/><controller type='pci' model='pcie-root-port'/>`);
  assert.equal(g.controllers.map((c) => c.index), [0, 1]);
  assert.is(g.root?.model, 'pcie-root-port');
});

test('buses carry the catalog accept sets, slot ranges and hotplug', () => {
  const g = graphOf(`<controller type='pci' index='0' model='pcie-root'/><controller type='pci' index='1' model='pcie-root-port'/><controller type='pci' index='2' model='pcie-root-port'><target hotplug='off'/></controller><controller type='pci' index='3' model='pcie-to-pci-bridge'/>`);
  assert.is(g.buses.get(0)?.hotplug, false);
  assert.is(g.buses.get(1)?.hotplug, true);
  assert.is(g.buses.get(1)?.slotMax, 0);
  assert.is(g.buses.get(2)?.hotplug, false);
  assert.is(g.buses.get(3)?.slotMin, 1);
  assert.ok(g.buses.get(3)?.accepts.includes('pci-endpoint'));
});

test('i440fx root is hotplug-capable only with ACPI', () => {
  assert.is(graphOf('', 'pc').buses.get(0)?.hotplug, false);
  assert.is(graphOf('', 'pc', 'x86_64', '<features><acpi/></features>').buses.get(0)?.hotplug, true);
});

test('device classification follows qemuDomainDeviceCalculatePCIConnectFlags', () => {
  const g = graphOf(`
    <disk type='file' device='disk'><target dev='vda' bus='virtio'/></disk>
    <disk type='file' device='disk'><target dev='sda' bus='sata'/></disk>
    <interface type='network'><model type='e1000e'/></interface>
    <interface type='network'><model type='virtio-transitional'/></interface>
    <interface type='hostdev'><source><address type='pci' domain='0' bus='3' slot='0' function='0'/></source></interface>
    <controller type='usb' index='0' model='qemu-xhci'/>
    <controller type='usb' index='1'/>
    <video><model type='qxl' primary='yes'/></video>
    <video><model type='qxl'/></video>
    <iommu model='virtio'/>
    <memballoon model='virtio'/>
    <input type='tablet' bus='usb'/>
  `);
  const byLabel = Object.fromEntries(g.devices.map((d) => [d.label, d]));
  assert.is(byLabel["disk 'vda'"].connect, 'either');
  assert.is(byLabel["disk 'sda'"].connect, 'none');
  assert.is(byLabel['interface (e1000e)'].connect, 'pcie');
  assert.is(byLabel['interface (e1000e)'].ioBar, 'always');
  assert.is(byLabel['interface (virtio-transitional)'].connect, 'pci');
  assert.is(byLabel['interface (hostdev)'].connect, 'pcie');
  assert.equal(byLabel['interface (hostdev)'].hostAddress?.bus, 3);
  // A written USB controller without a model is piix3-uhci on x86, q35 too (libvirt 9.0 oracle).
  assert.is(byLabel['usb controller (piix3-uhci) index 1'].connect, 'pci');
  assert.is(byLabel['usb controller (qemu-xhci) index 0'].connect, 'pcie');
  assert.is(byLabel['iommu (virtio)'].connect, 'integrated');
  assert.is(byLabel['memballoon (virtio)'].connect, 'either');
  assert.is(byLabel['input tablet'].connect, 'none');
  const videos = g.devices.filter((d) => d.deviceKind === 'video');
  assert.equal(videos.map((v) => v.primaryVideo), [true, false]);
});

test('on i440fx, an unset USB model is PIIX3 UHCI (conventional PCI)', () => {
  const usb = graphOf(`<controller type='usb' index='0'/>`, 'pc').devices[0];
  assert.is(usb.model, 'piix3-uhci');
  assert.is(usb.connect, 'pci');
});

test('addresses: empty means auto; fields keep their attributes; bad numbers are null', () => {
  const g = graphOf(`
    <interface type='network'><model type='virtio'/><address type='pci' domain='0x0000' bus='0x00' slot='0x00' function='0x1'/></interface>
    <interface type='network'><model type='virtio'/><address type='pci' bus='0x02' slot='zz' multifunction='on'/></interface>
    <disk type='file'><target dev='sda' bus='scsi'/><address type='drive' controller='0' bus='0' unit='0'/></disk>`);
  const [a, b, c] = g.devices;
  assert.ok(a.address?.empty);
  assert.not.ok(b.address?.empty);
  assert.is(b.address?.bus?.value, 2);
  assert.is(b.address?.slot?.value, null);
  assert.is(b.address?.slot?.attr.value, 'zz');
  assert.is(b.address?.multifunction, 'on');
  assert.is(c.address, null);
  assert.is(c.addressType, 'drive');
});

test('parseCInteger follows strtol base 0 (hex, octal, decimal)', () => {
  assert.is(parseCInteger('0x1f'), 31);
  assert.is(parseCInteger('010'), 8);
  assert.is(parseCInteger('31'), 31);
  assert.is(parseCInteger('0'), 0);
  assert.is(parseCInteger('-1'), -1);
  assert.is(parseCInteger('08'), null);
  assert.is(parseCInteger('1x'), null);
  assert.is(parseCInteger(''), null);
});

test('parseCInteger reads plain hex without its regular expression, to the same values', () => {
  // The strtol-like reading parseCInteger had before its plain-hex shortcut, as the reference.
  const reference = (text: string): number | null => {
    const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
    if (!m) return null;
    const body = m[2]!;
    const value = /^0[xX]/.test(body) ? parseInt(body.slice(2), 16) : body.length > 1 ? parseInt(body.slice(1), 8) : parseInt(body, 10);
    return value > 0xffffffff ? null : m[1] === '-' ? -value : value;
  };
  const digits = ['0', '1', '9', 'a', 'f', 'A', 'F', 'g', 'G', ' ', 'x', '/', ':', '@', '`'];
  const texts = ['0x', '0X', '0x0', '0x00', '0xff', '0XFF', '0x1f', '0xfffffff', '0xffffffff', '0x100000000', ' 0x1', '0x1 ', '+0x1', '-0x1', '0x-1', '00x1', '0xx1'];
  for (const a of digits) for (const b of digits) texts.push(`0x${a}${b}`, `0X${a}`, `0x${a}${b}${a}`);
  for (const text of texts) assert.is(parseCInteger(text), reference(text), JSON.stringify(text));
});

test('controller index and NUMA node are decimal, as libvirt reads them', () => {
  const g = graphOf(`<controller type='pci' index='010' model='pci-bridge'/><controller type='pci' index='0x2' model='pci-bridge'><target><node>1</node></target></controller>`, 'pc');
  assert.is(g.controllers[0].index, 10);
  assert.is(g.controllers[1].indexField?.value, null);
  assert.is(g.controllers[1].target.node?.value, 1);
});

test('a disk without target bus takes the bus its name implies', () => {
  const g = graphOf(`<disk type='file'><target dev='vdb'/></disk><disk type='file'><target dev='sdb'/></disk>`);
  assert.equal(g.devices.map((d) => d.connect), ['either', 'none']);
});

test('consoles are never PCI devices (libvirt repeats serial 0 as console 0)', () => {
  const g = graphOf(`<serial type='pty'><target type='pci-serial'/><address type='pci' bus='0' slot='5'/></serial><console type='pty'><target type='serial'/><address type='pci' bus='0' slot='5'/></console>`, 'pc');
  assert.equal(g.devices.map((d) => d.deviceKind), ['serial']);
});

test('an unparsable host address is no host address', () => {
  const g = graphOf(`<hostdev mode='subsystem' type='pci'><source><address domain='0' bus='zz' slot='0' function='0'/></source></hostdev>`);
  assert.is(g.devices[0].hostAddress, undefined);
});

test.run();
