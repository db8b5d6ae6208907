import { HOT_UNPLUGGABLE_KINDS, addressFieldLocation, defineRule, messageLabel, placementLabel, validPlacements } from '@pcilint/core';
import { groupBySlot, slotLabel } from '../util/slots.js';

/**
 * libvirt refuses to hot-unplug a device that shares its slot with another function
 * (qemuIsMultiFunctionDevice, src/qemu/qemu_hotplug.c:4265): "cannot hot
 * unplug %s device with multifunction PCI guest address: ...". Such a
 * device can only leave the guest with a restart, and the slot cannot be
 * re-filled live (libvirt hot-plugs function 0 only, "Only PCI device
 * addresses with function=0 are supported"). libvirt never builds such slots
 * itself (`virDomainPCIAddressSetAllMulti`, `src/conf/domain_addr.c:1291`; QEMU `hw/pci/pci.c`): they come from explicit addresses. A device on a bus
 * that cannot hotplug at all is common/endpoint-not-hotpluggable's finding.
 */
export default defineRule({
  meta: {
    id: 'common/multifunction-unplug',
    type: 'suggestion',
    docs: { description: 'Devices users expect to hot-unplug should not share a PCI slot with other functions.', rationale: "libvirt refuses to hot-unplug a device whose slot holds other functions (\"cannot hot unplug ... device with multifunction PCI guest address\"), so such a device can only be removed with a restart." },
    defaultSeverity: 'warn',
    hotplugPolicy: true,
    messages: {
      sharedSlot: "{{label}} at {{address}} shares its slot with {{others}}: give it a slot of its own.",
    },
  },
  check(graph, context) {
    for (const group of groupBySlot(validPlacements(graph))) {
      const functions = new Set(group.map((p) => p.function));
      if (functions.size < 2) continue;
      for (const p of group) {
        const node = p.node;
        if (node.kind !== 'device' || node.connect === 'none' || !HOT_UNPLUGGABLE_KINDS.has(node.deviceKind)) continue;
        if (!graph.buses.get(p.bus)?.hotplug) continue;
        const others = group.filter((q) => q.function !== p.function).map((q) => `function ${q.function}`);
        context.report({
          node,
          at: addressFieldLocation(p.address, p.address.function ? 'function' : 'slot'),
          messageId: 'sharedSlot',
          data: { label: messageLabel(node, graph), address: placementLabel(p), slot: slotLabel(p), others: others.join(', ') },
        });
      }
    }
  },
});
