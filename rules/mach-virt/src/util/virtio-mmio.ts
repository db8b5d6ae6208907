import { attributeValue, type DeviceGraph, type DeviceNode } from '@pcilint/core';

/**
 * Which devices libvirt 9.0 puts on virtio-mmio on an ARM/RISC-V virt guest
 * (brief §3.4; qemuDomainAssignVirtioMMIOAddresses and
 * qemuDomainPrimeVirtioDeviceAddresses, src/qemu/qemu_domain_address.c:483).
 * As soon as one device has `<address type='virtio-mmio'/>`, every device of
 * the kinds below that has no `<address>` at all is given a virtio-mmio
 * address too; otherwise they get PCI.
 *
 * The kind list was checked with the libvirt 9.0 oracle (define + dumpxml of
 * a virt guest with one virtio-mmio disk): virtio disks, NICs, inputs, video,
 * virtio-serial and virtio SCSI controllers, balloons, RNGs and scsi_host
 * hostdevs went to virtio-mmio, transitional and non-transitional models
 * included; a 9p filesystem and a vsock stayed on PCI.
 *
 * This is stricter than core's placement, which sends every `either`-class
 * device (vsock and filesystems included, transitional models excluded) to
 * virtio-mmio; it belongs in core (placement/predict.ts, ir/queries.ts).
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

/** How a device ends up on virtio-mmio: its own address, libvirt's priming, or not at all. */
export function virtioMmioReason(graph: DeviceGraph, device: DeviceNode, sent: readonly DeviceNode[] = devicesSentToVirtioMmio(graph)): 'explicit' | 'primed' | null {
  if (graph.machine.family !== 'virt') return null;
  if (device.addressType === 'virtio-mmio') return 'explicit';
  return sent.includes(device) ? 'primed' : null;
}

/** "disk 'vda'" or "disk 'vda' (and 2 more)": names the devices that switched libvirt to virtio-mmio. */
export function describeTriggers(triggers: readonly DeviceNode[]): string {
  if (triggers.length === 0) return 'no device';
  return triggers.length === 1 ? triggers[0].label : `${triggers[0].label} (and ${triggers.length - 1} more)`;
}
