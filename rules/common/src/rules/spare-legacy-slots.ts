import {
  acceptsConventionalHotplug,
  defineRule, lastWrittenPciController, newRootPorts, nextControllerIndex, spareLegacySlotsFor, validPlacements,
  type DeviceGraph, type NewController, type PlacementPrediction, type QemuCaps, type RuleContext,
} from '@pcilint/core';
import { asAddedController } from '../util/new-controllers.js';

/** Slots one new pci-bridge, pcie-to-pci-bridge or PHB offers (1-31). */
const SLOTS_PER_BUS = 31;

/**
 * QEMU `docs/pcie.txt` §5 and docs/pci-hotplug.rst: a conventional PCI device
 * can only be hot-plugged into a free slot of a hotplug-capable conventional
 * bus (pci-root on i440fx with ACPI and on pseries, pci-bridge,
 * pcie-to-pci-bridge, pci-expander-bus), and PCI controllers cannot be
 * hot-plugged through libvirt (qemuDomainAttachControllerDevice), so the slots must exist before start.
 * Counted after libvirt's predicted placement (`qemuDomainAssignPCIAddresses`, `src/qemu/qemu_domain_address.c:2605`). The minimum is
 * settings spareLegacySlots (default 1 on i440fx, 0 elsewhere). Oracle
 * (libvirt-hotplug, i440fx without <acpi/>): hot-plugging an e1000 into a
 * pci-bridge works, into pci.0 fails ("Bus 'pci.0' does not support
 * hotplugging"); without an address libvirt picks pci.0 even when a
 * pci-bridge has room, also with hotplug='off', so the message says so.
 */
export default defineRule({
  meta: {
    id: 'common/spare-legacy-slots',
    type: 'suggestion',
    docs: { description: 'Keep enough free hotplug-capable conventional PCI slots for PCI devices hot-plugged later.', rationale: "PCI controllers cannot be hot-plugged, so slots for conventional PCI devices hot-plugged later must exist when the guest starts: a pci-bridge (behind a pcie-root-port as a pcie-to-pci-bridge on PCI Express machines), an empty PHB on pseries. i440fx pci.0 hotplug needs <features><acpi/> and no hotplug='off'; without them libvirt still offers pci.0 to a device attached without an address, and QEMU refuses it there." },
    defaultSeverity: 'warn',
    hotplugPolicy: true,
    fixable: true,
    messages: {
      tooFew: "{{free}} free hotplug PCI slot(s), {{required}} required{{why}}: {{remedy}}",
    },
  },
  check(graph, context) {
    const required = spareLegacySlotsFor(context.settings, graph.machine.family);
    if (required <= 0 || !graph.root?.model) return;
    const caps = context.settings.caps;
    const prediction = context.prediction;
    if (prediction.error) return;
    const free = freeConventionalSlots(prediction);
    if (free >= required) return;
    const last = lastWrittenPciController(graph);
    context.report({
      node: last ?? undefined,
      at: last ? last.element : graph.domainElement.children.find((e) => e.name === 'devices') ?? null,
      messageId: 'tooFew',
      data: { free, required, why: reason(graph, prediction), remedy: remedy(graph, prediction) },
      fix: (fixer) => {
        const controllers = controllersFor(graph, context, required);
        return controllers && fixer.insertControllers(controllers);
      },
    });
  },
});

/** Free slots on buses that accept a hot-plugged conventional endpoint (the topology command's "free" list). */
function freeConventionalSlots(prediction: PlacementPrediction): number {
  let free = 0;
  for (const bus of prediction.buses) {
    if (!acceptsConventionalHotplug(bus)) continue;
    for (let slot = bus.slotMin; slot <= bus.slotMax; slot++) if ((bus.slots.get(slot)?.used ?? 0) === 0) free++;
  }
  return free;
}

function reason(graph: DeviceGraph, prediction: PlacementPrediction): string {
  const root = prediction.buses[0];
  if (graph.root?.model === 'pcie-root') {
    return prediction.buses.some(acceptsConventionalHotplug) ? '' : '';
  }
  if (root && !root.hotplug) {
    if (graph.root?.target.hotplug?.value === 'off') return graph.commandLine ? ' (acpi-root-pci-hotplug=off)' : " (pci-root hotplug='off')";
    if (graph.machine.family === 'i440fx' && !graph.machine.acpi) return ' (pci.0 needs ACPI)';
  }
  return '';
}

function remedy(graph: DeviceGraph, prediction: PlacementPrediction): string {
  const add = (what: string) => `add ${what} now.`;
  if (graph.root?.model === 'pcie-root') return add('a pcie-to-pci-bridge on a new root port');
  if (graph.machine.family === 'pseries') return add('an empty PHB');
  if (graph.machine.family === 'i440fx' && prediction.buses[0] && !prediction.buses[0].hotplug) {
    // Oracle: libvirt still picks a pci.0 slot for an unaddressed hot-plugged device, and QEMU refuses it.
    const off = graph.root?.target.hotplug?.value === 'off';
    const root = graph.commandLine ? (off ? 'drop acpi-root-pci-hotplug=off' : 'turn ACPI on') : off ? "remove hotplug='off'" : 'add <acpi/>';
    return `${root}, or add a pci-bridge.`;
  }
  return add('a pci-bridge');
}

/**
 * The smallest number of new buses (libvirt `docs/pci-hotplug.rst` fix) after which the
 * prediction leaves `required` free slots: a pcie-root-port plus a
 * pcie-to-pci-bridge behind it on pcie-root machines, a pci-bridge on the
 * lowest free pci-root slot elsewhere, an empty PHB on pseries. Checked by
 * predicting again, because unaddressed devices may move onto the new bus.
 */
function controllersFor(graph: DeviceGraph, context: RuleContext, required: number): NewController[] | null {
  const { caps } = context.settings;
  const before = context.prediction;
  const firstIndex = nextControllerIndex(graph, validPlacements(graph));
  for (let buses = 1; buses <= Math.ceil(required / SLOTS_PER_BUS) + 1; buses++) {
    const controllers = newBuses(graph, before, caps, firstIndex, buses);
    if (!controllers || controllers[controllers.length - 1].index > 255) return null;
    // A PHB has no address; the placement engine reserves none for root controllers, so any will do.
    const added = controllers.map((c) => asAddedController(c) ?? { model: c.model, index: c.index, address: { bus: 0, slot: 0, fn: 0 } });
    const after = context.predictWith(added);
    if (!after.error && freeConventionalSlots(after) >= required) return controllers;
  }
  return null;
}

function newBuses(graph: DeviceGraph, prediction: PlacementPrediction, caps: QemuCaps, firstIndex: number, count: number): NewController[] | null {
  if (graph.root?.model === 'pcie-root') {
    if (!caps.pciePciBridge) return null;
    const ports = newRootPorts(graph, count, firstIndex);
    if (!ports) return null;
    // Ports take indexes firstIndex.., each bridge the index after the last port.
    return ports.flatMap((port, i) => [
      port,
      { index: firstIndex + count + i, model: 'pcie-to-pci-bridge', modelName: 'pcie-pci-bridge', address: { bus: port.index, slot: 0, function: 0 } },
    ]);
  }
  if (graph.machine.family === 'pseries') {
    const used = new Set(prediction.controllers.map((c) => c.target.index).filter((v): v is number => v !== undefined));
    const phbs: NewController[] = [];
    for (let target = 1; target <= 30 && phbs.length < count; target++) {
      if (used.has(target)) continue;
      phbs.push({ index: firstIndex + phbs.length, model: 'pci-root', modelName: 'spapr-pci-host-bridge', target: [['index', String(target)]] });
    }
    return phbs.length === count ? phbs : null;
  }
  const root = prediction.buses[0];
  if (!root || root.model !== 'pci-root') return null;
  const bridges: NewController[] = [];
  for (let slot = root.slotMin; slot <= root.slotMax && bridges.length < count; slot++) {
    if ((root.slots.get(slot)?.used ?? 0) !== 0) continue;
    const index = firstIndex + bridges.length;
    bridges.push({ index, model: 'pci-bridge', modelName: 'pci-bridge', target: [['chassisNr', String(index)]], address: { bus: 0, slot, function: 0 } });
  }
  return bridges.length === count ? bridges : null;
}
