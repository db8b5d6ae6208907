import type { ConnectType } from '../catalog/connect.js';
import type { PciControllerModel } from '../catalog/controllers.js';
import type { ControllerNode, DeviceGraph, DeviceNode } from '../ir/graph.js';
import type { QemuCaps } from '../engine/settings.js';
import type { SeekerFlags } from './bus-table.js';

/** Where an address in the prediction comes from. */
export type AddressOrigin = 'explicit' | 'predicted';

export interface SlotAddress {
  readonly bus: number;
  readonly slot: number;
  readonly fn: number;
}

/**
 * Something that takes part in placement: a written or implicit device, or
 * a PCI controller. Implicit ones (libvirt's default devices, `qemuDomainDefAddDefaultDevices`, `src/qemu/qemu_domain.c:3985`) have
 * no node.
 */
export interface PlacementItem {
  readonly key: string;
  readonly node: DeviceNode | ControllerNode | null;
  /** Device element name, or `controller` for both PCI and other controllers. */
  readonly deviceKind: string;
  readonly controllerType?: string;
  readonly controllerIndex?: number;
  readonly model: string | null;
  readonly pciModel?: PciControllerModel;
  readonly label: string;
  readonly flags: SeekerFlags;
  /** From the XML, when not empty (`virPCIDeviceAddressIsEmpty`, `virDeviceInfoPCIAddressIsWanted`, `src/conf/device_conf.c:170`). */
  readonly explicit: SlotAddress | null;
  readonly primaryVideo: boolean;
  /** pseries isolation group (`qemuDomainSetupIsolationGroups`, `src/qemu/qemu_domain_address.c:1416`). */
  readonly group: number;
}

/**
 * Strict connect flags of an endpoint (`qemuDomainDeviceCalculatePCIConnectFlags`, `src/qemu/qemu_domain_address.c:593`): Express only on pcie-root
 * machines, and virtio only when QEMU has the (non-)transitional types.
 */
export function endpointFlags(graph: DeviceGraph, connect: DeviceNode['connect'], caps: QemuCaps): SeekerFlags {
  const express = graph.machine.expectedRoot === 'pcie-root';
  const conventional = connect === 'pci' || connect === 'none' || !express || (connect === 'either' && !caps.virtioTransitional);
  const type: ConnectType = conventional ? 'pci-endpoint' : 'pcie-endpoint';
  return { types: new Set([type]), auto: true, hotplug: false, integrated: connect === 'integrated', aggregate: false };
}

export function controllerFlags(model: PciControllerModel, plugsAs: ConnectType): SeekerFlags {
  return { types: new Set([plugsAs]), auto: false, hotplug: false, integrated: false, aggregate: model === 'pcie-root-port' };
}
