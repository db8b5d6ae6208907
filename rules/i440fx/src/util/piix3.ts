import { hasExplicitPciAddress, type DeviceGraph, type DeviceNode, type GraphNode, type Placement } from '@pcilint/core';

/**
 * The PIIX3 south bridge of an i440fx guest is one multifunction device in
 * slot 1 of pci.0 (`qemuDomainValidateDevicePCISlotsPIIX3`, `src/qemu/qemu_domain_address.c:1755`; QEMU hw/i386/pc_piix.c):
 * 00:01.0 ISA bridge, 00:01.1 IDE, 00:01.2 UHCI USB when libvirt asks for it,
 * 00:01.3 ACPI/SMBus. Functions 4-7 are free.
 */
export const PIIX3_SLOT = 1;
export const PIIX3_IDE_FUNCTION = 1;
export const PIIX3_USB_FUNCTION = 2;

/** IDE controller index 0: libvirt keeps it on the PIIX3 IDE function. */
export function isPrimaryIde(node: GraphNode): node is DeviceNode {
  return node.kind === 'device' && node.deviceKind === 'controller' && node.controllerType === 'ide' && node.controllerIndex === 0;
}

/**
 * USB controller index 0 of model piix3-uhci; the front-end already turns a
 * written USB controller without a model into piix3-uhci, as libvirt's
 * post-parse does on x86 (qemuDomainValidateDevicePCISlotsPIIX3 checks
 * "piix3-uhci or default").
 */
export function isPiix3Usb0(node: GraphNode): node is DeviceNode {
  return node.kind === 'device' && node.controllerType === 'usb' && node.controllerIndex === 0 && node.model === 'piix3-uhci';
}

/**
 * Whether libvirt will put the PIIX3 USB controller at 00:01.2 itself: the
 * written USB index 0 is piix3-uhci without an explicit PCI address, or there
 * is no USB index 0 at all. libvirt adds a default USB controller with index 0
 * whenever index 0 is missing, even when another index is written (oracle:
 * `<controller type='usb' index='1'/>` alone still gets index 0 at 00:01.2),
 * unless USB is disabled with model='none'.
 */
export function libvirtPlacesPiix3Usb(graph: DeviceGraph): boolean {
  const usb = graph.devices.filter((d) => d.origin === 'written' && d.controllerType === 'usb');
  if (usb.some((d) => d.model === 'none')) return false;
  const usb0 = usb.find((d) => d.controllerIndex === 0);
  if (!usb0) return true;
  return isPiix3Usb0(usb0) && !hasExplicitPciAddress(usb0) && (usb0.addressType === null || usb0.addressType === 'pci');
}

/** Whether USB index 0 is, or will be, the PIIX3 USB function (written piix3-uhci or libvirt's default). */
export function usb0IsPiix3(graph: DeviceGraph): boolean {
  const written = graph.devices.filter((d) => d.origin === 'written' && d.controllerType === 'usb' && d.controllerIndex === 0);
  return written.length ? written.some(isPiix3Usb0) : libvirtPlacesPiix3Usb(graph);
}

/** A placement on a function of the PIIX3 slot, 00:01.x. */
export function onPiix3Slot(p: Placement): boolean {
  return p.domain === 0 && p.bus === 0 && p.slot === PIIX3_SLOT;
}

/**
 * libvirt formats console[0] of target type serial as a copy of serial[0],
 * address included (libvirt test pci-serial-dev-chardev): it is not a second
 * device at that address.
 */
export function isConsoleCopy(node: GraphNode): boolean {
  return node.kind === 'device' && node.deviceKind === 'console';
}
