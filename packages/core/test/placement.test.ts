import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { graphFromText, type DeviceGraph } from '../src/index.js';
import { predictPlacement, type PlacementPrediction } from '../src/placement/predict.js';

const dir = fileURLToPath(new URL('../../../fixtures/placement/', import.meta.url));

function graphOf(text: string): DeviceGraph {
  const built = graphFromText(text);
  if (built.kind === 'syntax-error') throw new Error(built.error.message);
  if (built.kind === 'skipped') throw new Error(built.reason);
  return built.graph;
}

const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
const addr = (a: { bus: number; slot: number; fn: number }) => `0000:${hex(a.bus, 2)}:${hex(a.slot, 2)}.${a.fn}`;

/** The controllers and device addresses in the shape of the oracle's summary lines. */
function summarise(p: PlacementPrediction): { controllers: string[]; devices: string[] } {
  const controllers = p.controllers
    .filter((c) => c.index > 0)
    .map((c) => {
      const t = c.target;
      const attrs = [
        t.chassisNr !== undefined ? `chassisNr=${t.chassisNr}` : '',
        t.chassis !== undefined ? `chassis=${t.chassis}` : '',
        t.port !== undefined ? `port=0x${t.port.toString(16)}` : '',
      ].filter(Boolean);
      return `index=${c.index} model=${c.model} ${attrs.join(' ')} @ ${c.address ? addr(c.address) : '(none)'}${c.multifunction ? ' multifunction=on' : ''}`.replace(/\s+/g, ' ');
    });
  const devices = p.devices.filter((d) => d.address).map((d) => `${addr(d.address!)} ${d.item.deviceKind}`).sort();
  return { controllers, devices };
}

/** Parses the lines printed by ../shared/oracle/libvirt-check.sh --summary (libvirt 9.0). */
function fromOracle(text: string): { controllers: string[]; devices: string[] } {
  const controllers: string[] = [];
  const devices: string[] = [];
  for (const line of text.split('\n')) {
    const c = /type=pci (index=\d+ model=\S+) (?:\[\S+\])?\s*(.*?)\s*@ (\S+(?: multifunction=on)?)/.exec(line);
    if (c) {
      controllers.push(`${c[1]} ${c[2]} @ ${c[3]}`.replace(/\s+/g, ' '));
      continue;
    }
    const d = /^\s*(0000:\S+)\s+(\S+)/.exec(line);
    if (d) devices.push(`${d[1]} ${d[2]}`);
  }
  return { controllers, devices: devices.sort() };
}

for (const file of readdirSync(dir).filter((f) => f.endsWith('.xml')).sort()) {
  test(`placement matches libvirt 9.0 for ${file}`, () => {
    const prediction = predictPlacement(graphOf(readFileSync(dir + file, 'utf8')));
    assert.is(prediction.error, null);
    const expected = fromOracle(readFileSync(dir + file.replace(/\.xml$/, '.libvirt.txt'), 'utf8'));
    const actual = summarise(prediction);
    assert.equal(actual.controllers, expected.controllers);
    assert.equal(actual.devices, expected.devices);
  });
}

const rootPorts = (n: number) => `<domain type='qemu'><os><type arch='x86_64' machine='q35'>hvm</type></os><devices>
  <controller type='usb' model='none'/><memballoon model='none'/><controller type='pci' index='0' model='pcie-root'/>
  ${Array.from({ length: n }, (_, i) => `<controller type='pci' index='${i + 1}' model='pcie-root-port'/>`).join('')}
  </devices></domain>`;

test('240 root ports fit on pcie.0 (slots 1-30); the 241st is refused with libvirt\'s message (test pcie-root-port-too-many)', () => {
  const fits = predictPlacement(graphOf(rootPorts(240)));
  assert.is(fits.error, null);
  const last = fits.controllers.find((c) => c.index === 240)!;
  assert.equal(last.address, { bus: 0, slot: 0x1e, fn: 7 });
  const tooMany = predictPlacement(graphOf(rootPorts(241)));
  assert.is(
    tooMany.error,
    "a PCI slot is needed to connect a PCI controller model='pcie-root-port', but none is available, and it cannot be automatically added",
  );
});

test('growth: a legacy device on pure PCIe gets a root port plus pcie-to-pci-bridge, then more bridges behind it', () => {
  const nics = Array.from({ length: 33 }, () => `<interface type='user'><model type='e1000'/></interface>`).join('');
  const p = predictPlacement(graphOf(`<domain><os><type arch='x86_64' machine='q35'>hvm</type></os><devices><controller type='usb' model='none'/><memballoon model='none'/>${nics}</devices></domain>`));
  assert.is(p.error, null);
  const models = p.controllers.filter((c) => c.origin === 'predicted').map((c) => c.model);
  assert.equal(models.slice(0, 3), ['pcie-root-port', 'pcie-to-pci-bridge', 'pci-bridge']);
  const bridge = p.controllers.find((c) => c.model === 'pci-bridge')!;
  assert.is(bridge.address?.bus, 2, 'the pci-bridge plugs into the pcie-to-pci-bridge');
});

test('pseries: each host device group gets its own PHB; PHB 0 keeps emulated devices', () => {
  const hostdev = (slot: number) => `<hostdev mode='subsystem' type='pci'><source><address domain='0x0000' bus='0x01' slot='${slot}' function='0x0'/></source></hostdev>`;
  const p = predictPlacement(graphOf(`<domain><os><type arch='ppc64' machine='pseries'>hvm</type></os><devices><controller type='usb' model='none'/>${hostdev(1)}${hostdev(2)}<interface type='user'><model type='virtio'/></interface></devices></domain>`));
  assert.is(p.error, null);
  const phbs = p.controllers.filter((c) => c.model === 'pci-root').map((c) => [c.index, c.target.index]);
  assert.equal(phbs, [[0, 0], [1, 1], [2, 2]]);
  const byKind = p.devices.map((d) => `${d.item.deviceKind}@${d.address?.bus}`);
  assert.ok(byKind.includes('hostdev@1') && byKind.includes('hostdev@2') && byKind.includes('interface@0'), byKind.join(' '));
});

test('QEMU capability switches: without pcie-pci-bridge a dmi-to-pci-bridge + pci-bridge pair carries legacy devices; without transitional types virtio is placed as conventional PCI', () => {
  const guest = graphOf(`<domain><os><type arch='x86_64' machine='q35'>hvm</type></os><devices><controller type='usb' model='none'/><memballoon model='none'/>
    <interface type='user'><model type='e1000'/></interface><interface type='user'><model type='virtio'/></interface></devices></domain>`);
  const old = predictPlacement(guest, { pcieRootPort: true, pciePciBridge: false, virtioTransitional: true });
  assert.is(old.error, null);
  const added = old.controllers.filter((c) => c.origin === 'predicted').map((c) => `${c.index} ${c.model} ${c.address ? addr(c.address) : '-'}`);
  // Brief §7.5: dmi bridge at 00:1e.0 (its de facto slot), the pci-bridge on slot 0 of the dmi bus.
  assert.ok(added.includes('1 dmi-to-pci-bridge 0000:00:1e.0'), added.join('; '));
  assert.ok(added.includes('2 pci-bridge 0000:01:00.0'), added.join('; '));
  const noTransitional = predictPlacement(guest, { pcieRootPort: true, pciePciBridge: true, virtioTransitional: false });
  const virtioNic = noTransitional.devices.find((d) => d.item.model === 'virtio')!;
  const bridgeIndexes = noTransitional.controllers.filter((c) => c.model === 'pcie-to-pci-bridge').map((c) => c.index);
  assert.ok(bridgeIndexes.includes(virtioNic.address!.bus), 'virtio NIC behind the pcie-to-pci-bridge');
  const ioh = predictPlacement(guest, { pcieRootPort: false, pciePciBridge: true, virtioTransitional: true });
  assert.ok(ioh.controllers.filter((c) => c.model === 'pcie-root-port').every((c) => c.modelName === 'ioh3420'));
});

test.run();
