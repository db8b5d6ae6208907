import {
  HOT_UNPLUGGABLE_KINDS, addressFieldLocation, defineRule, validPlacements, nodeLabel, placementLabel,
  type Bus, type DeviceGraph, type DeviceNode, type Placement,
} from '@pcilint/core';

/**
 * `src/qemu/qemu_hotplug.c:6045`; libvirt `docs/pci-hotplug.rst`: a removable device on a bus whose slots are not
 * hotplug-capable can never be detached from the running guest: pcie.0 and
 * dmi-to-pci-bridge have no hotplug (docs/pcie.txt §5), `hotplug='off'` makes
 * libvirt refuse ("not allowed by controller", qemu_hotplug.c:6045), and the
 * i440fx root hotplugs only through ACPI. libvirt does not warn.
 */
export default defineRule({
  meta: {
    id: 'common/endpoint-not-hotpluggable',
    type: 'suggestion',
    docs: { description: 'Devices users expect to hot-unplug (disks, NICs, hostdevs, ...) should not sit on a bus whose slots cannot hotplug.' },
    defaultSeverity: 'warn',
    hotplugPolicy: true,
    messages: {
      notHotpluggable:
        '{{label}} at {{address}} can never be hot-unplugged: {{reason}}. Drop the address so libvirt gives it a hotplug-capable slot{{hint}}.',
    },
  },
  check(graph, context) {
    const express = graph.root?.model === 'pcie-root';
    for (const p of validPlacements(graph)) {
      const node = p.node;
      if (node.kind !== 'device' || node.connect === 'none' || !HOT_UNPLUGGABLE_KINDS.has(node.deviceKind)) continue;
      const bus = graph.buses.get(p.bus);
      if (!bus || bus.hotplug || chipsetPlaced(graph, node, p)) continue;
      context.report({
        node,
        at: addressFieldLocation(p.address, p.address.bus ? 'bus' : 'slot'),
        messageId: 'notHotpluggable',
        data: {
          label: node.label,
          address: placementLabel(p),
          reason: reason(graph, bus),
          hint: express ? ' (a pcie-root-port for PCI Express and virtio devices, a pcie-to-pci-bridge slot for conventional ones)' : '',
        },
      });
    }
  },
});

function reason(graph: DeviceGraph, bus: Bus): string {
  const name = nodeLabel(bus.controller);
  if (bus.controller.target.hotplug?.value === 'off') return `${name} has hotplug='off'`;
  switch (bus.model) {
    case 'pcie-root':
      return 'it sits directly on pcie.0 (pcie-root), which has no hotplug';
    case 'dmi-to-pci-bridge':
      return `it sits on ${name}, whose slots have no hotplug`;
    case 'pci-root':
      if (graph.machine.family === 'i440fx' && !graph.machine.acpi) {
        return 'pci.0 hotplug on i440fx is ACPI-based and the domain has no <features><acpi/></features>';
      }
      return `${name} has no hotplug`;
    default:
      return `${name} slots are not hotplug-capable`;
  }
}

/**
 * Integrated devices that the chipset step puts on fixed bus-0 functions are
 * exempt (QEMU `hw/i386/pc_q35.c`, `hw/i386/pc_piix.c`; `qemuDomainValidateDevicePCISlotsQ35`, `src/qemu/qemu_domain_address.c:1865`; `qemuDomainValidateDevicePCISlotsPIIX3`, `src/qemu/qemu_domain_address.c:1755`). None of them is a hot-unpluggable kind
 * today; the check keeps the exemption explicit if the kind list grows.
 */
function chipsetPlaced(graph: DeviceGraph, node: DeviceNode, p: Placement): boolean {
  if (p.bus !== 0 || p.domain !== 0) return false;
  const family = graph.machine.family;
  if (family === 'q35') {
    return (
      (node.primaryVideo === true && p.slot === 1 && p.function === 0) ||
      (node.deviceKind === 'sound' && node.model === 'ich9' && p.slot === 0x1b) ||
      (node.controllerType === 'usb' && (p.slot === 0x1d || p.slot === 0x1a)) ||
      (node.controllerType === 'sata' && node.controllerIndex === 0 && p.slot === 0x1f && p.function === 2)
    );
  }
  if (family === 'i440fx') {
    return (
      (node.controllerType === 'ide' && node.controllerIndex === 0 && p.slot === 1 && p.function === 1) ||
      (node.controllerType === 'usb' && node.controllerIndex === 0 && p.slot === 1 && p.function === 2) ||
      (node.primaryVideo === true && p.slot === 2 && p.function === 0)
    );
  }
  return false;
}
