import { defineRule, devicesAwaitingPlacement, type DeviceGraph } from '@pcilint/core';
import { addressTypeLocation } from '../util/addressing.js';
import { isX86Arch, libvirtAddsPciRoot, libvirtAutoAssignsPci } from '../util/machine-pci.js';

/**
 * `virDomainPCIAddressValidate` / `…GetNextAddr`; `qemuDomainSupportsPCI`, `src/qemu/qemu_domain.c:8891`. libvirt adds no PCI root controller on some
 * machines (qemuDomainDefAddDefaultDevices, src/qemu/qemu_domain.c:3985;
 * util/machine-pci.ts). Its PCI address set then has no bus, and every PCI
 * address it has to reserve or assign fails: "No PCI buses available"
 * (virDomainPCIAddressValidate, src/conf/domain_addr.c). Oracle, libvirt 9.0:
 * - isapc, microvm, armv7l vexpress-a9, versatilepb and realview-eb, aarch64
 *   sbsa-ref: a device with a non-empty PCI address is refused;
 * - where libvirt assigns PCI addresses anyway (x86 isapc and microvm, ARM
 *   versatilepb: util/machine-pci.ts), an empty `<address type='pci'/>` and
 *   an unaddressed PCI device are refused too, on x86 also the virtio
 *   memballoon libvirt adds and, on microvm, its default USB controller;
 * - elsewhere on ARM an empty `<address type='pci'/>` is kept and the domain
 *   defined, but it cannot start: "Could not find PCI controller with index
 *   '0' required for device at address '0000:00:00.0'"
 *   (qemuBuildDeviceAddressPCIGetBus; domxml-to-native on vexpress-a9);
 * - with a `<controller type='pci'>` written, libvirt accepts isapc and
 *   microvm guests but QEMU has no bus: "Bus 'pci.0' not found".
 * s390x is assumed to have zPCI (common/zpci-ids), so it has a PCI root.
 */
export default defineRule({
  meta: {
    id: 'common/machine-has-pci',
    type: 'problem',
    docs: { description: 'PCI addresses and PCI devices need a machine type that has a PCI bus.', rationale: "On a machine without a PCI bus libvirt refuses a PCI device or address (\"No PCI buses available\"), defines but cannot start a guest whose device asks for an empty PCI address (\"Could not find PCI controller with index '0' required for device at address '0000:00:00.0'\"; virtio devices then use virtio-mmio), and accepts a PCI controller that QEMU then refuses (\"Bus 'pci.0' not found\")." },
    defaultSeverity: 'error',
    messages: {
      pciAddress: "{{label}} has a PCI address, but machine '{{machine}}' has no PCI bus: drop the address.",
      emptyPciAddress: "{{label}} asks for a PCI address, but machine '{{machine}}' has no PCI bus: drop the address.",
      needsSlot: "{{label}} is a PCI device, but machine '{{machine}}' has no PCI bus: remove it.",
      implicitDevice: "libvirt adds a {{label}}, but '{{machine}}' has no PCI bus. {{hint}}",
      noQemuBus: "Machine '{{machine}}' has no PCI bus: remove the PCI controller and the {{count}} PCI device(s).",
      pciAddressArgv: "{{label}} has addr=, but machine '{{machine}}' has no PCI bus: remove the device.",
    },
  },
  check(graph, context) {
    const machine = graph.machine;
    if (libvirtAddsPciRoot(machine)) return;
    const data = { machine: machine.type };
    const writtenController = graph.controllers.find((c) => c.origin === 'written');
    // Devices with an empty <address type='pci'/> are reported below as PCI addresses. The
    // devices libvirt adds itself are known for x86 only (no memballoon on ARM).
    const pending = libvirtAutoAssignsPci(machine)
      ? devicesAwaitingPlacement(graph)
          .filter((p) => (p.node ? p.node.kind !== 'device' || p.node.addressType !== 'pci' : isX86Arch(machine.arch)))
          .concat(implicitUsb(graph))
      : [];

    if (writtenController) {
      // libvirt has a bus now; only x86 machines were confirmed to fail in QEMU.
      const onPci = graph.devices.filter((d) => d.addressType === 'pci').length + pending.filter((p) => p.node?.kind !== 'controller').length;
      if (onPci > 0 && isX86Arch(machine.arch)) {
        context.report({ node: writtenController, messageId: 'noQemuBus', data: { ...data, count: onPci } });
      }
      return;
    }
    for (const d of graph.devices) {
      if (d.addressType !== 'pci' || !d.addressElement) continue;
      // Without auto-assignment libvirt only validates addresses it collects, and it skips empty ones.
      const messageId = d.address?.empty && !libvirtAutoAssignsPci(machine) ? 'emptyPciAddress' : context.language === 'qemu-argv' ? 'pciAddressArgv' : 'pciAddress';
      context.report({ node: d, at: addressTypeLocation(d.addressElement), messageId, data: { ...data, label: d.label } });
    }
    for (const p of pending) {
      if (p.node) {
        context.report({ node: p.node, messageId: 'needsSlot', data: { ...data, label: p.label } });
      } else {
        const label = p.label.replace(/, which libvirt adds$/, '');
        context.report({ at: machine.typeElement, messageId: 'implicitDevice', data: { ...data, label, hint: implicitHint(label) } });
      }
    }
  },
});

function implicitHint(label: string): string {
  if (label.startsWith('memballoon')) return "Add <memballoon model='none'/>.";
  if (label.startsWith('usb controller')) return "Add <controller type='usb' model='none'/>.";
  return 'Remove the devices that make libvirt add it.';
}

/**
 * microvm gets a default USB controller (piix3-uhci, a PCI device) that the
 * placement engine's implicit list does not know (oracle: a microvm guest with
 * `<memballoon model='none'/>` is still refused until USB is model='none').
 */
function implicitUsb(graph: DeviceGraph) {
  if (graph.machine.type !== 'microvm' || graph.devices.some((d) => d.controllerType === 'usb')) return [];
  return [{ label: 'usb controller (piix3-uhci) index 0', node: null, needs: 'conventional' as const }];
}
