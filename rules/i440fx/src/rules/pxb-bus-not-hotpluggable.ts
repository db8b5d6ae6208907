import {
  HOT_UNPLUGGABLE_KINDS, attribute, defineRule, messageLabel, validPlacements,
  type DeviceNode, type GraphNode,
} from '@pcilint/core';

/** How many device names the message lists before "and N more". */
const SHOWN = 3;

/**
 * libvirt marks pci-expander-bus slots hotplug-capable
 * (virDomainPCIAddressBusSetModel, src/conf/domain_addr.c:479), but QEMU 7.2
 * refuses hotplug on the pxb's bus, both ways: the internal bridge of a pxb
 * has SHPC off (hw/pci-bridge/pci_expander_bridge.c) and the bus has no ACPI
 * hotplug. Oracle: device_add and device_del on the pxb bus fail with "Bus
 * 'pci.1' does not support hotplugging" (QEMU and libvirt live attach alike),
 * while a pci-bridge plugged into the pxb hot-plugs normally. So a device
 * users expect to hot-unplug (the kinds of common/endpoint-not-hotpluggable)
 * should not sit directly on a pxb. Devices libvirt itself puts there (when
 * pci.0 is full) count too. One report per pxb, as q35/dmi-bridge-not-hotpluggable.
 * Moving devices changes the guest ABI, so there is no automatic fix.
 */
export default defineRule({
  meta: {
    id: 'i440fx/pxb-bus-not-hotpluggable',
    type: 'suggestion',
    docs: {
      description:
        'Devices users expect to hot-unplug should not sit directly on a pci-expander-bus: QEMU does not hotplug on its bus; put a pci-bridge behind the pxb instead.',
      rationale:
        "libvirt counts a pci-expander-bus's slots as hotplug-capable, but QEMU refuses hotplug and unplug there (\"Bus 'pci.N' does not support hotplugging\"). A pci-bridge plugged into the pxb (with a busNr that leaves a bus number for it) keeps the pxb's NUMA node and can hot-plug.",
    },
    defaultSeverity: 'warn',
    hotplugPolicy: true,
    messages: {
      removableOnPxb: "{{label}} holds {{count}} device(s) that cannot hot-unplug there: put them on a pci-bridge.",
    },
  },
  check(graph, context) {
    const pxbs = [...graph.buses.values()].filter((b) => b.model === 'pci-expander-bus' && b.controller.origin === 'written');
    if (pxbs.length === 0) return;
    const onBus = new Map<number, { node: DeviceNode; predicted: boolean }[]>(pxbs.map((b) => [b.index, []]));
    for (const p of validPlacements(graph)) {
      if (removable(p.node)) onBus.get(p.bus)?.push({ node: p.node, predicted: false });
    }
    const prediction = context.prediction;
    if (!prediction.error) {
      for (const d of prediction.devices) {
        const node = d.item.node;
        if (d.addressOrigin !== 'predicted' || !d.address || !node || !removable(node)) continue;
        onBus.get(d.address.bus)?.push({ node, predicted: true });
      }
    }
    for (const bus of pxbs) {
      const devices = onBus.get(bus.index)!;
      if (devices.length === 0) continue;
      const names = devices.slice(0, SHOWN).map((d) => `${messageLabel(d.node, graph)}${d.predicted ? ' (placed there by libvirt)' : ''}`);
      if (devices.length > SHOWN) names.push(`${devices.length - SHOWN} more`);
      const c = bus.controller;
      context.report({
        node: c,
        at: attribute(c.element ?? undefined, 'model') ?? null,
        messageId: 'removableOnPxb',
        data: { label: messageLabel(c, graph), count: devices.length, devices: names.join(', '), index: bus.index },
      });
    }
  },
});

function removable(node: GraphNode): node is DeviceNode {
  return node.kind === 'device' && node.connect !== 'none' && HOT_UNPLUGGABLE_KINDS.has(node.deviceKind);
}
