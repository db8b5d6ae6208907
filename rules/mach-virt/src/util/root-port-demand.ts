import {
  devicesAwaitingPlacement, hasExplicitPciAddress, pciePorts, placementsBySlot, rootBusReservedSlots,
  type Bus, type ControllerNode, type DeviceGraph, type Placement,
} from '@pcilint/core';
import { devicesSentToVirtioMmio } from './virtio-mmio.js';

/** Root ports a virt guest asks pcie.0 for, against the functions pcie.0 can give them. */
export interface RootPortDemand {
  /** Functions of pcie.0 (and of pcie-expander-buses) that root ports can take. */
  readonly capacity: number;
  readonly expanderFree: number;
  /** Slots of pcie.0 held by something other than root ports, with what holds them. */
  readonly reserved: readonly (readonly [number, string])[];
  /** Whole slots that unaddressed dmi bridges, expander buses and virtio-iommu will take. */
  readonly rootSlotsTaken: number;
  readonly explicitOnRoot: number;
  /** Written root ports without an address, in document order: libvirt places them in that order. */
  readonly unaddressed: readonly ControllerNode[];
  /** Root ports libvirt adds to fill index gaps (`qemuDomainPCIAddressSetCreate`, `src/qemu/qemu_domain_address.c:1646`). */
  readonly gaps: number;
  /** Root ports libvirt adds for devices without an address once the empty ports are used up. */
  readonly predicted: number;
  /** libvirt's one spare root port, added on a define without PCI controllers when it grew the topology. */
  readonly spare: boolean;
  /** The root port under the pcie-to-pci-bridge libvirt adds for conventional devices when no bus takes them. */
  readonly bridgePort: boolean;
  readonly total: number;
}

/**
 * libvirt test `pcie-root-port-too-many` with virt's figures (no chipset
 * reservations on virt, test aarch64-virt-graphics): root ports are aggregate devices, 8 to a slot, on
 * slots 1-31 of pcie.0 (31 × 8 = 248); a slot held by any other device costs
 * 8, as does each whole slot an unaddressed dmi bridge, expander bus or
 * virtio-iommu will take. Unaddressed root ports also spill onto
 * pcie-expander-buses (slots 0-31).
 *
 * Ports libvirt adds (the counting pass of `qemuDomainAssignPCIAddresses`, `src/qemu/qemu_domain_address.c:2605`; `virDomainPCIAddressSetGrow`, `src/conf/domain_addr.c:628`): one per device without an address
 * that needs a PCIe port once the empty ports are used up; one for the
 * pcie-to-pci-bridge it adds when conventional devices find no bus; and,
 * when the input has no PCI controller above index 0 and libvirt grew the
 * topology, one spare. The libvirt 9.0 oracle on aarch64 virt with no PCI
 * controllers: 247 virtio disks are accepted (248 ports, the spare at
 * 00:1f.7), 248 refused; 246 disks plus an e1000 accepted, 247 plus an
 * e1000 refused. Devices libvirt sends to virtio-mmio take no port; core's
 * devicesAwaitingPlacement already drops virtio-class ones and keeps
 * vsock/filesystems off PCI too, which can only count fewer ports.
 */
export function rootPortDemand(graph: DeviceGraph, root: Bus, placements: readonly Placement[]): RootPortDemand {
  const reserved = rootBusReservedSlots(graph, placements);
  const mmio = devicesSentToVirtioMmio(graph);
  const pending = devicesAwaitingPlacement(graph, placements).filter((p) => !(p.node && p.node.kind === 'device' && mmio.includes(p.node)));
  const rootSlotsTaken = pending.filter((p) => p.needs === 'root').length;

  const bySlot = placementsBySlot(placements, 0);
  let usableSlots = 0;
  for (let slot = root.slotMin; slot <= root.slotMax; slot++) {
    if (reserved.has(slot)) continue;
    // A root port at function 0 with multifunction='off' closes its slot to the others (`virDomainPCIAddressSetAllMulti`, `src/conf/domain_addr.c:1291`; QEMU `hw/pci/pci.c`).
    if ((bySlot.get(slot) ?? []).some((p) => p.function === 0 && p.address.multifunction === 'off')) continue;
    usableSlots++;
  }
  const capacity = Math.max(0, usableSlots - rootSlotsTaken) * 8;

  let expanderFree = 0;
  for (const bus of graph.buses.values()) {
    if (bus.model !== 'pcie-expander-bus') continue;
    const slots = placementsBySlot(placements, bus.index);
    for (let slot = bus.slotMin; slot <= bus.slotMax; slot++) {
      const list = slots.get(slot) ?? [];
      if (list.some((p) => !(p.node.kind === 'controller' && p.node.model === 'pcie-root-port'))) continue;
      expanderFree += 8 - new Set(list.map((p) => p.function)).size;
    }
  }

  const explicitOnRoot = placements.filter(
    (p) => p.domain === 0 && p.bus === 0 && p.node.kind === 'controller' && p.node.model === 'pcie-root-port',
  ).length;
  const unaddressed = graph.controllers.filter(
    (c): c is ControllerNode => c.origin === 'written' && c.model === 'pcie-root-port' && !hasExplicitPciAddress(c),
  );
  const ports = pciePorts(graph, placements);
  const gaps = ports.filter((p) => p.controller === null).length;
  const consumers = pending.filter((p) => p.needs === 'port').length;
  const bridgePort = pending.some((p) => p.needs === 'conventional') && !hasConventionalBus(graph);
  const grows = gaps > 0 || bridgePort || consumers > ports.filter((p) => p.empty).length;
  const spare = grows && !graph.controllers.some((c) => c.origin === 'written' && c.index !== null && c.index >= 1);
  const predicted = Math.max(0, consumers + (spare ? 1 : 0) - ports.filter((p) => p.empty).length);
  return {
    capacity: capacity + expanderFree,
    expanderFree,
    reserved: [...reserved.entries()].filter(([slot]) => slot >= root.slotMin && slot <= root.slotMax),
    rootSlotsTaken,
    explicitOnRoot,
    unaddressed,
    gaps,
    predicted,
    spare,
    bridgePort,
    total: explicitOnRoot + unaddressed.length + gaps + predicted + (bridgePort ? 1 : 0),
  };
}

/**
 * A written bus that takes a pci-bridge, so libvirt grows conventional
 * capacity with pci-bridges there instead of adding a root port plus a
 * pcie-to-pci-bridge (virDomainPCIAddressSetGrow).
 */
function hasConventionalBus(graph: DeviceGraph): boolean {
  for (const bus of graph.buses.values()) if (bus.accepts.includes('pci-bridge')) return true;
  return false;
}
