import {
  HOT_UNPLUGGABLE_KINDS, addressFieldLocation, defineRule, validPlacements, messageLabel, placementLabel,
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
    docs: { description: 'Devices users expect to hot-unplug (disks, NICs, hostdevs, ...) should not sit on a bus whose slots cannot hotplug.', rationale: "A device on a bus without hotplug can only be removed by restarting the guest: pcie.0 and dmi-to-pci-bridge slots have no hotplug, i440fx pci.0 hotplug is ACPI-based (it needs <features><acpi/>), and hotplug='off' turns it off. Without an address libvirt gives the device a hotplug-capable slot: a pcie-root-port for PCI Express and virtio devices, a pcie-to-pci-bridge or pci-bridge slot for conventional ones." },
    defaultSeverity: 'warn',
    hotplugPolicy: true,
    messages: {
      notHotpluggable: "{{label}} cannot hot-unplug ({{reason}}): drop the address.",
      notHotpluggableArgv: "{{label}} cannot hot-unplug ({{reason}}): set bus= to a {{target}}.",
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
        messageId: context.language === 'qemu-argv' ? 'notHotpluggableArgv' : 'notHotpluggable',
        data: {
          label: messageLabel(node, graph),
          address: placementLabel(p),
          reason: reason(graph, bus),
          // On a command line nobody assigns addresses: name the kind of bus the device should move to.
          target: !express ? 'pci-bridge' : node.connect === 'pci' ? 'pcie-to-pci-bridge' : 'pcie-root-port',
        },
      });
    }
  },
});

function reason(graph: DeviceGraph, bus: Bus): string {
  const name = messageLabel(bus.controller, graph);
  if (bus.controller.target.hotplug?.value === 'off') {
    // On a command line pci.0's hotplug is PIIX4_PM's -global, not a property of pci.0.
    if (graph.commandLine) return bus.model === 'pci-root' ? 'acpi-root-pci-hotplug=off' : `${name} has hotplug=off`;
    return `${name} has hotplug='off'`;
  }
  switch (bus.model) {
    case 'pcie-root':
      return 'pcie.0 has no hotplug';
    case 'dmi-to-pci-bridge':
      return `no hotplug on ${name}`;
    case 'pci-root':
      if (graph.machine.family === 'i440fx' && !graph.machine.acpi) {
        return 'pci.0 hotplug needs ACPI';
      }
      return `no hotplug on ${name}`;
    default:
      return `no hotplug on ${name}`;
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
