import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { graphFromText, type DeviceGraph } from '../src/index.js';
import {
  hostExpressFromSettings, hostSlotIsolationGroup, isolationGroupsFromSettings, predictPlacement, type PlacementPrediction,
} from '../src/placement/predict.js';

function graphOf(text: string): DeviceGraph {
  const built = graphFromText(text);
  if (built.kind !== 'graph') throw new Error(built.kind === 'syntax-error' ? built.error.message : built.reason);
  return built.graph;
}

const hostdev = (host: string) => {
  const [domain, bus, slotFn] = host.split(':');
  const [slot, fn] = slotFn.split('.');
  return `<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x${domain}' bus='0x${bus}' slot='0x${slot}' function='0x${fn}'/></source></hostdev>`;
};

const pseries = (devices: string) =>
  graphOf(`<domain type='qemu'><os><type arch='ppc64' machine='pseries'>hvm</type></os><devices>
    <controller type='usb' model='none'/><memballoon model='none'/>${devices}</devices></domain>`);

/** The PHB (bus) each hostdev lands on, in document order. */
const hostdevBuses = (p: PlacementPrediction) => p.devices.filter((d) => d.item.deviceKind === 'hostdev').map((d) => d.address?.bus);

// Brief §3.3 "How groups are assigned": one PHB per isolation group, IOMMU group + 1.
const twoCards = pseries(hostdev('0001:01:00.0') + hostdev('0001:02:00.0'));

test('default heuristic: two host slots are two IOMMU groups, so two PHBs', () => {
  const p = predictPlacement(twoCards);
  assert.is(p.error, null);
  assert.equal(hostdevBuses(p), [1, 2]);
});

test('configured IOMMU groups win: two host slots in one group share a PHB', () => {
  const groups = isolationGroupsFromSettings({ '0001:01:00.0': { iommuGroup: 7 }, '0001:02:00.0': { iommuGroup: 7 } });
  const p = predictPlacement(twoCards, undefined, undefined, groups);
  assert.is(p.error, null);
  assert.equal(hostdevBuses(p), [1, 1]);
  assert.equal(p.controllers.filter((c) => c.model === 'pci-root').map((c) => c.index), [0, 1]);
});

test('configured IOMMU groups split the functions of one card the heuristic would keep together', () => {
  const card = pseries(hostdev('0001:01:00.0') + hostdev('0001:01:00.1'));
  assert.equal(hostdevBuses(predictPlacement(card)), [1, 1]);
  const groups = isolationGroupsFromSettings({ '0001:01:00.0': { iommuGroup: 3 }, '0001:01:00.1': { iommuGroup: 4 } });
  assert.equal(hostdevBuses(predictPlacement(card, undefined, undefined, groups)), [1, 2]);
});

test('settings keys match in either hex case; unconfigured devices keep the host-slot heuristic', () => {
  const groups = isolationGroupsFromSettings({ '000A:0B:0C.0': { iommuGroup: 5 } });
  const configured = { domain: 0xa, bus: 0xb, slot: 0xc, function: 0 };
  const other = { domain: 0xa, bus: 0xb, slot: 0xd, function: 0 };
  assert.is(groups(configured), 6);
  assert.is(groups(other), hostSlotIsolationGroup(other));
  assert.is.not(groups(other), 6);
});

test('isolation groups only exist on pseries: a q35 hostdev is placed like any device', () => {
  const q35 = graphOf(`<domain type='qemu'><os><type arch='x86_64' machine='q35'>hvm</type></os><devices>
    <controller type='usb' model='none'/><memballoon model='none'/>${hostdev('0001:01:00.0')}</devices></domain>`);
  const groups = isolationGroupsFromSettings({ '0001:01:00.0': { iommuGroup: 9 } });
  const p = predictPlacement(q35, undefined, undefined, groups);
  assert.ok(p.devices.every((d) => d.item.group === 0));
});

// Oracle (fixtures/host-facts): libvirt logs "device won't be isolated" for a host
// device whose IOMMU group it cannot read and leaves it on PHB 0.
test('an unreadable IOMMU group (null) keeps the device on PHB 0; "*" covers unlisted devices', () => {
  const unreadable = isolationGroupsFromSettings({ '0001:01:00.0': { iommuGroup: null } });
  assert.equal(hostdevBuses(predictPlacement(twoCards, undefined, undefined, unreadable)), [0, 1]);
  const noneReadable = isolationGroupsFromSettings({ '*': { iommuGroup: null } });
  assert.equal(hostdevBuses(predictPlacement(twoCards, undefined, undefined, noneReadable)), [0, 0]);
  const listedWins = isolationGroupsFromSettings({ '*': { iommuGroup: null }, '0001:02:00.0': { iommuGroup: 4 } });
  assert.equal(hostdevBuses(predictPlacement(twoCards, undefined, undefined, listedWins)), [0, 1]);
});

test('a host device known not to be PCI Express goes behind a pcie-to-pci-bridge on q35; unknown ones stay Express', () => {
  const q35 = graphOf(`<domain type='qemu'><os><type arch='x86_64' machine='q35'>hvm</type></os><devices>
    <controller type='usb' model='none'/><memballoon model='none'/>${hostdev('0000:00:03.0')}</devices></domain>`);
  const conventional = predictPlacement(q35, undefined, undefined, undefined, hostExpressFromSettings({ '0000:00:03.0': { express: false } }));
  const bridge = conventional.controllers.find((c) => c.model === 'pcie-to-pci-bridge');
  assert.ok(bridge, 'a pcie-to-pci-bridge is added');
  assert.equal(conventional.devices.find((d) => d.item.deviceKind === 'hostdev')?.address, { bus: bridge!.index, slot: 1, fn: 0 });
  const unknown = predictPlacement(q35, undefined, undefined, undefined, hostExpressFromSettings({ '*': { iommuGroup: null } }));
  assert.not.ok(unknown.controllers.some((c) => c.model === 'pcie-to-pci-bridge'));
});

test.run();
