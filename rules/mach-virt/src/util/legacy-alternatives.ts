import { attribute, child, type DeviceNode, type XmlAttribute } from '@pcilint/core';

/**
 * What to use instead of a conventional PCI device on a virt guest, per
 * device kind (`qemuDomainDeviceCalculatePCIConnectFlags`, `src/qemu/qemu_domain_address.c:593` device table: the virtio or PCI Express device
 * of the same kind). Empty when libvirt 9.0 offers no such device.
 */
export function legacyAlternative(device: DeviceNode): string {
  switch (device.deviceKind) {
    case 'interface':
      return " Use <model type='virtio'/> or e1000e.";
    case 'video':
      return " Use <model type='virtio'/>.";
    case 'sound':
      return " Use <sound model='usb'/>.";
    case 'serial':
      return " Use system-serial or virtio-console.";
    case 'controller':
      switch (device.controllerType) {
        case 'usb':
          return " Use model='qemu-xhci'.";
        case 'scsi':
          return " Use model='virtio-scsi'.";
        case 'sata':
        case 'ide':
          return " Use virtio disks or virtio-scsi.";
        default:
          return '';
      }
    default:
      return ' Keep it only if the guest has a driver.';
  }
}

/** The device's name in messages; a serial port's label alone would not say it is the PCI one. */
export function legacyDeviceName(device: DeviceNode): string {
  return device.deviceKind === 'serial' && device.model ? `serial (${device.model})` : device.label;
}

/** Where the device's model is written: `model='...'`, `<model type='...'/>`, or a serial's `<target type='...'/>`. */
export function modelLocation(device: DeviceNode): XmlAttribute | null {
  const element = device.element;
  if (!element) return null;
  return attribute(element, 'model') ?? attribute(child(element, 'model'), 'type') ?? attribute(child(element, 'target'), 'type') ?? null;
}
