import type { DeviceGraph, DeviceNode } from '@pcilint/core';
import { devicesSentToVirtioMmio } from '@pcilint/core';

export { devicesSentToVirtioMmio, isScsiHostHostdev, primedForVirtioMmio, virtioMmioAddressed } from '@pcilint/core';

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
