import {
  defineRule, lastWrittenPciController, devicesAwaitingPlacement, validPlacements, insertControllersEdit, newRootPorts, nextControllerIndex, pciePorts,
  type DeviceGraph, type PciePort, type PendingDevice,
} from '@pcilint/core';

/**
 * Brief §6.2 #38, §4.6 and §3.1 "Spare hotplug ports". PCI controllers cannot
 * be hot-plugged through libvirt (§4.2), so a guest that should accept a
 * PCIe device later needs an empty, hotplug-capable root or downstream port
 * defined in advance.
 *
 * Counting: a port is empty when no explicit address names it as its bus
 * (§4.6 "Counting caveat"); ports with hotplug='off' do not count. Devices
 * without an address that will need a port take the lowest-index empty
 * ports first (libvirt's search scans buses in index order, §7.2 g). libvirt
 * itself adds one spare root port when the XML has no PCI controller with
 * index >= 1 and some bus gets auto-added (§3.1 conditions 1-3).
 */
export default defineRule({
  meta: {
    id: 'common/spare-pcie-ports',
    type: 'suggestion',
    docs: { description: 'PCI Express machines should keep enough empty hotplug-capable root or downstream ports for devices hot-plugged later.' },
    defaultSeverity: 'warn',
    hotplugPolicy: true,
    fixable: true,
    messages: {
      tooFew:
        '{{free}} free hotplug-capable PCIe root/downstream port(s), {{required}} required (setting spareRootPorts); the count uses explicit addresses only. PCI controllers cannot be hot-plugged: add {{missing}} pcie-root-port(s) now.',
      tooFewPending:
        '{{free}} free hotplug-capable PCIe root/downstream port(s), {{required}} required (setting spareRootPorts). The count uses explicit addresses only: {{empty}} hotplug-capable port(s) have no device addressed to them, and {{pending}} PCIe/virtio device(s) or bridge(s) without an address yet will take {{taken}} of them. PCI controllers cannot be hot-plugged: add {{missing}} pcie-root-port(s) now.',
      tooFewWithLibvirtSpare:
        '{{free}} free hotplug-capable PCIe root/downstream port(s), {{required}} required (setting spareRootPorts). This figure relies on the one spare pcie-root-port libvirt adds on first define because the XML has no PCI controller with index >= 1; the count uses explicit addresses only, and {{pending}} PCIe/virtio device(s) without an address yet get their own ports. PCI controllers cannot be hot-plugged: add the ports now (written controllers stop libvirt adding its spare, so also one per device without an address).',
    },
  },
  check(graph, context) {
    if (graph.machine.expectedRoot !== 'pcie-root' || graph.root?.model !== 'pcie-root') return;
    const required = context.settings.spareRootPorts;
    if (required <= 0) return;
    const placements = validPlacements(graph);
    const ports = pciePorts(graph, placements);
    const pending = devicesAwaitingPlacement(graph, placements);
    const current = predict(graph, ports, pending, 0);
    if (current.free >= required) return;

    // Smallest number of new ports that satisfies the setting. Written ports
    // cancel libvirt's own spare, and devices without an address take the
    // lowest-index empty ports first, so the new ports (highest indexes) may
    // need to cover them too.
    let add = 1;
    while (predict(graph, ports, pending, add).free < required && add < 256) add++;
    const firstIndex = nextControllerIndex(graph, placements);
    const additions = firstIndex + add - 1 <= 255 ? newRootPorts(graph, add, firstIndex, placements) : null;
    const fix = additions ? insertControllersEdit(graph, context.sourceText, additions) : null;

    const last = lastWrittenPciController(graph);
    const devices = graph.domainElement.children.find((e) => e.name === 'devices') ?? null;
    context.report({
      node: last ?? undefined,
      at: last ? last.element : devices,
      messageId: current.libvirtSpare ? 'tooFewWithLibvirtSpare' : current.consumers > 0 ? 'tooFewPending' : 'tooFew',
      data: {
        free: current.free,
        required,
        empty: ports.filter((p) => p.empty && p.hotplug).length,
        pending: current.consumers,
        taken: current.taken,
        missing: required - current.free,
      },
      fix,
    });
  },
});

interface Prediction {
  /** Empty hotplug-capable ports left after placement, libvirt's spare included. */
  readonly free: number;
  readonly consumers: number;
  /** Empty ports the consumers take. */
  readonly taken: number;
  /** The figure includes libvirt's first-define spare port. */
  readonly libvirtSpare: boolean;
}

/** What placement leaves, with `added` extra explicit root ports at the highest indexes. */
function predict(graph: DeviceGraph, ports: readonly PciePort[], pending: readonly PendingDevice[], added: number): Prediction {
  const consumers = pending.filter((p) => p.needs === 'port').length;
  const empties: { hotplug: boolean }[] = ports.filter((p) => p.empty);
  for (let i = 0; i < added; i++) empties.push({ hotplug: true });
  const taken = Math.min(consumers, empties.length);
  const remaining = empties.slice(taken);
  const free = remaining.filter((p) => p.hotplug).length;
  // Brief §3.1 "Spare hotplug ports", conditions 1-3: no PCI controller with
  // index >= 1 in the XML, and at least one bus auto-added (index gaps filled,
  // ports for devices without an address, or the legacy root port + bridge).
  const noControllers = added === 0 && !graph.controllers.some((c) => c.origin === 'written' && c.index !== null && c.index >= 1);
  const grew =
    ports.some((p) => p.controller === null) || consumers > empties.length || pending.some((p) => p.needs === 'conventional');
  // The spare reuses an empty port when one is left, else adds one.
  const libvirtSpare = noControllers && grew && remaining.length === 0;
  return { free: free + (libvirtSpare ? 1 : 0), consumers, taken, libvirtSpare };
}
