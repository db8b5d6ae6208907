import { attributeValue } from '../syntax/xml.js';
import type { DeviceGraph, DeviceNode } from '../ir/graph.js';

/**
 * Which devices libvirt 9.0 puts on virtio-mmio on an ARM/RISC-V virt guest
 * (qemuDomainAssignVirtioMMIOAddresses and qemuDomainPrimeVirtioDeviceAddresses,
 * src/qemu/qemu_domain_address.c:483). As soon as one device has
 * `<address type='virtio-mmio'/>`, every device of the kinds below that has no
 * `<address>` at all is given a virtio-mmio address too; otherwise they get PCI.
 *
 * The kind list was checked with the libvirt 9.0 oracle (define + dumpxml of
 * a virt guest with one virtio-mmio disk): virtio disks, NICs, inputs, video,
 * virtio-serial and virtio SCSI controllers, balloons, RNGs and scsi_host
 * hostdevs went to virtio-mmio, transitional and non-transitional models
 * included; a 9p filesystem and a vsock stayed on PCI (the --fix integration
 * suite found the 9p filesystem: placement used to send it to virtio-mmio).
 * Placement and the mach-virt rules both read it from here.
 */

const VIRTIO_MODELS: ReadonlySet<string> = new Set(['virtio', 'virtio-transitional', 'virtio-non-transitional']);
const VIRTIO_SCSI_MODELS: ReadonlySet<string> = new Set(['virtio-scsi', 'virtio-transitional', 'virtio-non-transitional']);

/** Devices written with `<address type='virtio-mmio'/>`: any one of them switches libvirt to virtio-mmio. */
export function virtioMmioAddressed(graph: DeviceGraph): DeviceNode[] {
  if (graph.machine.family !== 'virt') return [];
  return graph.devices.filter((d) => d.addressType === 'virtio-mmio');
}

/** The `<hostdev mode='subsystem' type='scsi_host'>` case (vhost-scsi), which the graph labels but does not type. */
export function isScsiHostHostdev(device: DeviceNode): boolean {
  return device.deviceKind === 'hostdev' && attributeValue(device.element ?? undefined, 'type') === 'scsi_host';
}

/** Whether libvirt's priming step covers this kind of device (it still needs to have no address). */
export function primedForVirtioMmio(device: DeviceNode): boolean {
  const model = device.model ?? '';
  switch (device.deviceKind) {
    case 'disk':
      return device.diskBus === 'virtio';
    case 'interface':
    case 'memballoon':
    case 'rng':
      return VIRTIO_MODELS.has(model);
    case 'input':
      return device.connect !== 'none';
    case 'video':
      return model === 'virtio';
    case 'controller':
      return device.controllerType === 'virtio-serial' || (device.controllerType === 'scsi' && VIRTIO_SCSI_MODELS.has(model));
    case 'hostdev':
      return isScsiHostHostdev(device);
    default:
      return false;
  }
}

/**
 * Devices without any `<address>` that libvirt will put on virtio-mmio
 * because some other device has a virtio-mmio address. Empty when no device
 * has one (libvirt then uses PCI for all of them).
 */
export function devicesSentToVirtioMmio(graph: DeviceGraph): DeviceNode[] {
  if (virtioMmioAddressed(graph).length === 0) return [];
  return graph.devices.filter((d) => d.addressElement === null && primedForVirtioMmio(d));
}
