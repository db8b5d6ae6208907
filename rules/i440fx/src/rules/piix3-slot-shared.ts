import {
  HOT_UNPLUGGABLE_KINDS, addressFieldLocation, defineRule, messageLabel, placementLabel, validPlacements,
  type DeviceGraph, type DeviceNode, type GraphNode,
} from '@pcilint/core';
import {
  PIIX3_USB_FUNCTION, isConsoleCopy, isPiix3Usb0, isPrimaryIde, libvirtPlacesPiix3Usb, onPiix3Slot, usb0IsPiix3,
} from '../util/piix3.js';

/**
 * `qemuDomainValidateDevicePCISlotsPIIX3`, `src/qemu/qemu_domain_address.c:1755`; `qemuIsMultiFunctionDevice`, `src/qemu/qemu_hotplug.c:4265`
 * (the warning part): 00:01.4-7, and 00:01.2 when USB index 0 is
 * not the PIIX3 UHCI, are free functions of the PIIX3 multifunction device;
 * libvirt and QEMU accept a device there (oracle). libvirt refuses to
 * hot-unplug a device whose slot holds another device of the domain
 * (qemuIsMultiFunctionDevice, src/qemu/qemu_hotplug.c). Oracle: with the
 * default USB controller at 00:01.2, detaching a NIC at 00:01.4 fails with
 * "cannot hot unplug interface device with multifunction PCI guest address:
 * 0000:00:01.4"; with USB disabled and no IDE controller the detach request is
 * sent, so the rule says nothing then.
 *
 * common/multifunction-unplug reports the same refusal when the slot's other
 * functions are written addresses; this rule covers the companions that are
 * not: the IDE and USB controllers libvirt puts at 00:01.1 and 00:01.2
 * itself. A pci.0 without hotplug is common/endpoint-not-hotpluggable's.
 */
export default defineRule({
  meta: {
    id: 'i440fx/piix3-slot-shared',
    type: 'suggestion',
    docs: {
      description:
        'On i440fx, devices users expect to hot-unplug should not take a free function of the PIIX3 slot 00:01, which they share with the IDE or USB controller libvirt puts there.',
      rationale:
        "libvirt and QEMU accept a device on a free function of the PIIX3 slot (00:01), but the slot also holds the chipset's functions, and libvirt refuses to hot-unplug a device whose slot holds other functions (\"cannot hot unplug ... device with multifunction PCI guest address\").",
    },
    defaultSeverity: 'warn',
    hotplugPolicy: true,
    messages: {
      sharedWithPiix3: "{{label}} at {{address}} shares the PIIX3 slot, so it cannot hot-unplug: drop the address.",
      sharedWithPiix3Argv: "{{label}} at {{address}} shares the PIIX3 slot, so it cannot hot-unplug: change its addr=.",
    },
  },
  check(graph, context) {
    if (!graph.buses.get(0)?.hotplug) return;
    const onSlot = validPlacements(graph).filter((p) => onPiix3Slot(p) && !isConsoleCopy(p.node));
    // Written functions sharing the slot: common/multifunction-unplug's finding.
    if (new Set(onSlot.map((p) => p.function)).size > 1) return;
    const companions = implicitCompanions(graph);
    if (companions.length === 0) return;
    const usbIsPiix3 = usb0IsPiix3(graph);
    for (const p of onSlot) {
      const node = p.node;
      if (!removable(node)) continue;
      if (!(p.function >= 4 || (p.function === PIIX3_USB_FUNCTION && !usbIsPiix3))) continue;
      context.report({
        node,
        at: addressFieldLocation(p.address, 'function'),
        messageId: context.language === 'qemu-argv' ? 'sharedWithPiix3Argv' : 'sharedWithPiix3',
        data: { label: messageLabel(node, graph), address: placementLabel(p), companions: companions.join(' and ') },
      });
    }
  },
});

/**
 * The PIIX3 controllers libvirt writes into slot 1 although the XML gives
 * them no address there: IDE index 0 (written without an address, or added
 * for IDE disks) and USB index 0 of model piix3-uhci (written without an
 * address, or libvirt's default). libvirt's unplug check sees them once the
 * domain is defined.
 */
function implicitCompanions(graph: DeviceGraph): string[] {
  const names: string[] = [];
  const ide = graph.devices.find(isPrimaryIde);
  if (ide ? unaddressed(ide) : graph.devices.some((d) => d.deviceKind === 'disk' && d.diskBus === 'ide')) {
    names.push('IDE controller index 0 (00:01.1)');
  }
  if (libvirtPlacesPiix3Usb(graph)) names.push('USB controller (piix3-uhci) index 0 (00:01.2)');
  return names;
}

function unaddressed(node: DeviceNode): boolean {
  return (node.address === null || node.address.empty) && (node.addressType === null || node.addressType === 'pci');
}

function removable(node: GraphNode): node is DeviceNode {
  return node.kind === 'device' && node.connect !== 'none' && HOT_UNPLUGGABLE_KINDS.has(node.deviceKind) && !isPiix3Usb0(node);
}
