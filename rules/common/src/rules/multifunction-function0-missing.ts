import { addressFieldLocation, chipsetFunctions, defineRule, messageLabel, validPlacements, type DeviceGraph, type Placement } from '@pcilint/core';
import { groupBySlot, slotLabel } from '../util/slots.js';

/**
 * Guests enumerate a slot through function 0, so functions 1-7 without it are
 * invisible. virDomainPCIAddressSetAllMulti only marks an existing function 0.
 */
export default defineRule({
  meta: {
    id: 'common/multifunction-function0-missing',
    type: 'problem',
    docs: { description: 'A slot that uses functions 1-7 must also have a device at function 0, or the guest never sees the slot.', rationale: "Guests enumerate a slot through function 0: when nothing is at function 0 the devices at the other functions are not seen. Neither libvirt nor QEMU checks this." },
    defaultSeverity: 'error',
    machineIndependent: true,
    messages: {
      missing: "Slot {{slot}} uses function(s) {{functions}} but not function 0: move the lowest function to 0.",
    },
  },
  check(graph, context) {
    for (const group of groupBySlot(validPlacements(graph))) {
      if (group.some((p) => p.function === 0)) continue;
      if (chipsetHoldsFunction0(graph, group[0]) || companionWillTakeFunction0(graph, group) || group.every(isPiix3Placement)) continue;
      const sorted = [...group].sort((a, b) => a.function - b.function);
      const first = sorted[0];
      context.report({
        node: first.node,
        at: addressFieldLocation(first.address, 'function'),
        messageId: 'missing',
        data: {
          slot: slotLabel(first),
          functions: [...new Set(sorted.map((p) => p.function))].join(', '),
          label: sorted.length === 1 ? messageLabel(first.node, graph) : `${sorted.length} devices`,
        },
      });
    }
  },
});

/** The chipset's own function 0 (i440fx PIIX3 ISA at 00:01.0, q35 LPC at 00:1f.0: QEMU `hw/i386/pc_q35.c`, `hw/i386/pc_piix.c`). */
function chipsetHoldsFunction0(graph: DeviceGraph, p: Placement): boolean {
  return p.domain === 0 && p.bus === 0 && chipsetFunctions(graph.machine.family).some((f) => f.slot === p.slot && f.function === 0);
}

/**
 * An unaddressed ich9-uhci1 joins the slot its addressed companions of the
 * same index use, at function 0 (`qemuDomainAssignDevicePCISlots`, `src/qemu/qemu_domain_address.c:2098`, ICH9 USB2 sets).
 */
function companionWillTakeFunction0(graph: DeviceGraph, group: readonly Placement[]): boolean {
  const indexes = new Set(
    group.flatMap((p) => (p.node.kind === 'device' && p.node.controllerType === 'usb' && p.node.model?.startsWith('ich9-') ? [p.node.controllerIndex] : [])),
  );
  return graph.devices.some(
    (d) => d.controllerType === 'usb' && d.model === 'ich9-uhci1' && indexes.has(d.controllerIndex) && (d.address === null || d.address.empty) && (d.addressType === null || d.addressType === 'pci'),
  );
}

/**
 * IDE index 0 at 00:01.1 and USB index 0 at 00:01.2 are i440fx's PIIX3
 * functions: libvirt skips them when collecting addresses on every machine
 * (the counting pass of `qemuDomainAssignPCIAddresses`, `src/qemu/qemu_domain_address.c:2605`; test s390-allow-bogus-usb-controller), q35 refuses them
 * (q35/no-piix3-functions), and on i440fx the PIIX3 ISA bridge is function 0.
 */
function isPiix3Placement(p: Placement): boolean {
  const n = p.node;
  if (n.kind !== 'device' || n.controllerIndex !== 0 || p.bus !== 0 || p.slot !== 1) return false;
  return (n.controllerType === 'ide' && p.function === 1) || (n.controllerType === 'usb' && p.function === 2);
}
