import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot, runBin, runMain } from './helpers.js';

const placement = (name: string) => path.join(repoRoot, 'fixtures/placement', name);

test('topology --format json: machine, controllers with origin and path, devices with predicted addresses', async () => {
  const r = await runMain(['topology', '--format', 'json', placement('q35-legacy.xml')]);
  assert.is(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.machine, { arch: 'x86_64', type: 'pc-q35-7.2', family: 'q35' });
  // libvirt 9.0 (oracle, fixtures/placement/q35-legacy.libvirt.txt): port 1 + pcie-to-pci-bridge 2 + spare port 3.
  const added = doc.controllers.filter((c: { origin: string }) => c.origin === 'predicted').map((c: { model: string; index: number }) => `${c.index} ${c.model}`);
  assert.equal(added, ['0 pcie-root', '1 pcie-root-port', '2 pcie-to-pci-bridge', '3 pcie-root-port']);
  const bridge = doc.controllers.find((c: { index: number }) => c.index === 2);
  assert.equal(bridge.address, { domain: 0, bus: 1, slot: 0, function: 0 });
  assert.is(bridge.path, null);
  const nic = doc.devices.find((d: { kind: string }) => d.kind === 'interface');
  assert.equal(nic.address, { domain: 0, bus: 2, slot: 1, function: 0 });
  assert.is(nic.origin, 'predicted');
  assert.is(nic.path, '/domain/devices/interface');
  assert.equal(doc.free.pciePorts, [3]);
  assert.equal(doc.free.conventionalSlots, [{ bus: 2, slots: Array.from({ length: 30 }, (_, i) => i + 2) }]);
});

test('topology text marks what is predicted and lists free hotplug slots', async () => {
  const r = await runMain(['topology', '--no-color', placement('q35-two-virtio.xml')]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /bus 0: pcie-root \(predicted\)/);
  assert.match(r.stdout, /00\.0 {2}disk 'vda' \(predicted\)/);
  assert.match(r.stdout, /free hotplug-capable PCIe ports: bus 5/);
  assert.match(r.stdout, /libvirt will add: pcie-root index 0, pcie-root-port index 1 at 00:01\.0/);
});

test('topology exits 1 with libvirt\'s error when the guest cannot be placed', async () => {
  const ports = Array.from({ length: 241 }, (_, i) => `<controller type='pci' index='${i + 1}' model='pcie-root-port'/>`).join('');
  const xml = `<domain><os><type arch='x86_64' machine='q35'>hvm</type></os><devices><controller type='pci' index='0' model='pcie-root'/>${ports}</devices></domain>`;
  const r = await runMain(['topology', '--stdin', '--no-color'], { input: xml });
  assert.is(r.code, 1);
  assert.match(r.stdout, /libvirt would refuse this domain: a PCI slot is needed to connect a PCI controller model='pcie-root-port'/);
});

// libvirt 9.0 (oracle, live-oracle run seed 1 guest 0): "XML error: Attempted double use of PCI Address 0000:00:0a.0".
test('topology of a guest libvirt refuses: REFUSED first, no free slots, refusals in JSON, exit 1', async () => {
  const xml = `<domain type='qemu'><os><type arch='x86_64' machine='q35'>hvm</type></os><devices>
<interface type='user'><model type='e1000e'/><address type='pci' domain='0x0000' bus='0x00' slot='0x0a' function='0x0'/></interface>
<rng model='virtio'><backend model='random'>/dev/urandom</backend><address type='pci' domain='0x0000' bus='0x00' slot='0x0a' function='0x0'/></rng>
</devices></domain>`;
  const text = await runMain(['topology', '--stdin', '--no-color'], { input: xml });
  assert.is(text.code, 1);
  assert.match(text.stdout.split('\n')[2], /^REFUSED: Attempted double use of PCI Address 0000:00:0a\.0/);
  assert.not.match(text.stdout, /free hotplug-capable PCIe ports/);
  assert.match(text.stdout, /free hotplug-capable slots: none, the domain would not be defined/);
  const json = await runMain(['topology', '--stdin', '--format', 'json'], { input: xml });
  assert.is(json.code, 1);
  const doc = [JSON.parse(json.stdout)].flat()[0];
  assert.match(doc.error, /Attempted double use/);
  assert.equal(doc.free, { pciePorts: [], conventionalSlots: [] });
  assert.equal(doc.refusals.map((r: { ruleId: string; line: number }) => `${r.ruleId}:${r.line}`), ['common/address-conflict:3']);
});

test('topology of an accepted guest has no refusals', async () => {
  const r = await runMain(['topology', '--format', 'json', placement('q35-two-virtio.xml')]);
  assert.is(r.code, 0);
  assert.equal(JSON.parse(r.stdout).refusals, []);
});

// Oracle (startAndHotplug, i440fx with pci.0 full but slot 31 and a pci-expander-bus): attach-device --live of
// e1000 NICs: 1 OK, then "unable to execute QEMU command 'device_add': Bus 'pci.1' does not support hotplugging".
test('free conventional slots leave out a pci-expander-bus, where QEMU cannot hotplug', async () => {
  const xml = `<domain type='qemu'><os><type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type></os><features><acpi/></features><devices>
<controller type='pci' index='1' model='pci-expander-bus'><target busNr='254'/></controller><memballoon model='none'/></devices></domain>`;
  const r = await runMain(['topology', '--stdin', '--format', 'json'], { input: xml });
  const doc = [JSON.parse(r.stdout)].flat()[0];
  assert.equal(doc.free.conventionalSlots.map((b: { bus: number }) => b.bus), [0]);
});

test('topology without a file is a usage error', async () => {
  const r = await runMain(['topology']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /topology needs at least one file/);
});

test('topology through the built bin', () => {
  const r = runBin(['topology', placement('virt-arm.xml')]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /machine virt \(virt, aarch64\)/);
  assert.match(r.stdout, /01\.0  pcie-root-port index 1 multifunction \(predicted\)/);
});

test('topology of a QEMU command line: QEMU-chosen addresses are predicted, nothing is "added by libvirt"', async () => {
  const r = await runMain(['topology', '--no-color', path.join(repoRoot, 'fixtures/examples/q35-hand-written.args')]);
  // QEMU 7.2 refuses this command line (live-oracle qemuStart: "-device pcie-root-port,id=rp2,chassis=1,addr=0x3:
  // Can't add chassis slot, error -16"), so topology says so and exits 1; the tree is still shown.
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stdout, /REFUSED: pcie-root-port 'rp2' has chassis 1/);
  assert.match(r.stdout, /bus 0: pcie-root\n/);
  assert.match(r.stdout, /01\.0  interface \(e1000\) \(predicted\)/);
  assert.match(r.stdout, /02\.0  pcie-root-port index 1\n/);
  assert.not.match(r.stdout, /libvirt will add/);
});

test.run();
