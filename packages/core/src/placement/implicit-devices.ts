import { maxOf } from '../ir/extremes.js';
import type { DeviceGraph, DeviceNode } from '../ir/graph.js';
import { attributeValue, child, childrenNamed } from '../syntax/xml.js';

/**
 * A device libvirt adds on its own at define time
 * (qemuDomainDefAddDefaultDevices and the generic implicit controllers).
 */
export interface ImplicitDevice {
  readonly deviceKind: string;
  readonly controllerType?: string;
  readonly controllerIndex?: number;
  readonly model: string;
  readonly connect: DeviceNode['connect'];
  readonly label: string;
}

export function implicitDevices(graph: DeviceGraph): ImplicitDevice[] {
  // A QEMU command line already holds every device QEMU creates; libvirt adds nothing.
  if (graph.source === 'qemu-argv') return [];
  const { family, arch } = graph.machine;
  const devices = graph.devices;
  const result: ImplicitDevice[] = [];
  const hasController = (type: string, index?: number) =>
    devices.some((d) => d.controllerType === type && (index === undefined || d.controllerIndex === index));
  const domainDevices = child(graph.domainElement, 'devices');
  const elements = domainDevices ? domainDevices.children : [];

  // Driver defaults, in libvirt's order: USB, SATA (the root is in the graph already).
  if (!hasController('usb')) {
    if (family === 'q35') result.push(usb('qemu-xhci', 'pcie'));
    else if (family === 'i440fx') result.push(usb('piix3-uhci', 'pci'));
    else if (family === 'pseries') result.push(usb('qemu-xhci', 'pcie'));
  }
  if (family === 'q35' && !hasController('sata', 0)) {
    result.push({ deviceKind: 'controller', controllerType: 'sata', controllerIndex: 0, model: 'ahci', connect: 'pci', label: 'sata controller index 0' });
  }
  // Generic implicit controllers: virtio-serial for virtio channels/consoles, then disk controllers.
  const virtioChannels = elements.some(
    (e) => (e.name === 'channel' || e.name === 'console') && attributeValue(child(e, 'target'), 'type') === 'virtio',
  );
  if (virtioChannels && !hasController('virtio-serial')) {
    result.push({ deviceKind: 'controller', controllerType: 'virtio-serial', controllerIndex: 0, model: 'virtio', connect: 'either', label: 'virtio-serial controller index 0' });
  }
  const diskBuses = new Map<string, Set<number>>();
  for (const disk of childrenNamed(domainDevices ?? graph.domainElement, 'disk')) {
    const bus = attributeValue(child(disk, 'target'), 'bus');
    if (!bus) continue;
    const address = child(disk, 'address');
    const controller = Number(attributeValue(address, 'controller') ?? '0') || 0;
    if (!diskBuses.has(bus)) diskBuses.set(bus, new Set());
    diskBuses.get(bus)!.add(controller);
  }
  // libvirt adds every missing controller from index 0 up to the highest one a
  // disk names (virDomainDefAddDiskControllersForType); oracle: a disk on scsi
  // controller 1 of an i440fx guest gives lsilogic 0 and 1, each taking a slot.
  const upToHighest = (bus: string) => {
    const named = diskBuses.get(bus);
    // Capped: a controller index from the input never sizes an array (libvirt runs out of slots long before).
    return named ? Array.from({ length: Math.min(maxOf(named, 0), 255) + 1 }, (_, i) => i) : [];
  };
  for (const index of upToHighest('scsi')) {
    if (hasController('scsi', index)) continue;
    const model = family === 'pseries' ? 'ibmvscsi' : family === 'virt' || family === 's390-ccw' ? 'virtio-scsi' : 'lsilogic';
    const connect = model === 'ibmvscsi' ? 'none' : model === 'virtio-scsi' ? 'either' : 'pci';
    result.push({ deviceKind: 'controller', controllerType: 'scsi', controllerIndex: index, model, connect, label: `scsi controller (${model}) index ${index}` });
  }
  for (const index of upToHighest('sata')) {
    if (hasController('sata', index) || (family === 'q35' && index === 0)) continue;
    result.push({ deviceKind: 'controller', controllerType: 'sata', controllerIndex: index, model: 'ahci', connect: 'pci', label: `sata controller index ${index}` });
  }
  for (const index of upToHighest('ide')) {
    if (hasController('ide', index) || family !== 'i440fx') continue;
    result.push({ deviceKind: 'controller', controllerType: 'ide', controllerIndex: index, model: 'piix3', connect: 'pci', label: `ide controller index ${index}` });
  }
  // memballoon: x86, ppc64 and s390x get a virtio balloon by default; ARM and RISC-V don't.
  if (!devices.some((d) => d.deviceKind === 'memballoon') && family !== 'virt' && arch !== 'aarch64') {
    result.push({ deviceKind: 'memballoon', model: 'virtio', connect: family === 's390-ccw' ? 'none' : 'either', label: 'memballoon (virtio)' });
  }
  // A video device when graphics are configured (qemuDomainDefaultVideoDevice).
  if (elements.some((e) => e.name === 'graphics') && !devices.some((d) => d.deviceKind === 'video')) {
    const model = family === 'virt' ? 'virtio' : family === 'pseries' ? 'vga' : 'cirrus';
    result.push({ deviceKind: 'video', model, connect: model === 'virtio' ? 'either' : 'pci', label: `video (${model})` });
  }
  return result;

  function usb(model: string, connect: DeviceNode['connect']): ImplicitDevice {
    return { deviceKind: 'controller', controllerType: 'usb', controllerIndex: 0, model, connect, label: `usb controller (${model}) index 0` };
  }
}
