import type { ConnectType } from '../catalog/connect.js';
import { formatPciAddress } from '../frontends/numbers.js';
import type { NewController } from '../fix/rule-fixer.js';
import type { Bus, ControllerNode, DeviceGraph, DeviceNode, GraphNode, PciAddress } from './graph.js';

/** A node with a usable explicit PCI address (not empty, all numbers parsed). */
export interface Placement {
  readonly node: GraphNode;
  readonly address: PciAddress;
  readonly domain: number;
  readonly bus: number;
  readonly slot: number;
  readonly function: number;
}

/** Every node whose `<address type='pci'>` is explicit and numeric, in document order. */
export function explicitPlacements(graph: DeviceGraph): Placement[] {
  const result: Placement[] = [];
  for (const node of allNodes(graph)) {
    const a = node.address;
    if (!a || a.empty) continue;
    const domain = a.domain ? a.domain.value : 0;
    const bus = a.bus ? a.bus.value : 0;
    const slot = a.slot ? a.slot.value : 0;
    const fn = a.function ? a.function.value : 0;
    if (domain === null || bus === null || slot === null || fn === null) continue;
    result.push({ node, address: a, domain, bus, slot, function: fn });
  }
  return result;
}

/** Controllers first (document order), then devices: the order rules report in. */
export function allNodes(graph: DeviceGraph): GraphNode[] {
  return [...graph.controllers, ...graph.devices];
}

export function placementLabel(p: Placement): string {
  return formatPciAddress(p.domain, p.bus, p.slot, p.function);
}

/** Human name of a node for messages: "pcie-root-port index 3", "interface (virtio)". */
export function nodeLabel(node: GraphNode): string {
  if (node.kind === 'controller') return `${node.modelText ?? 'pci'} controller${node.index !== null ? ` index ${node.index}` : ''}`;
  return node.label;
}

/**
 * The connect types a node offers upstream for an explicit address
 * (qemuDomainDeviceCalculatePCIConnectFlags, virDomainPCIAddressFlagsCompatible): endpoints follow the machine (Express only on pcie-root
 * machines); controllers plug as their own type, and a pci-bridge also
 * counts as a PCI endpoint (libvirt's relaxation for explicit addresses).
 */
export function offeredTypes(graph: DeviceGraph, node: GraphNode): ConnectType[] {
  if (node.kind === 'controller') {
    const plugs = node.info?.plugsAs;
    if (!plugs) return [];
    return plugs === 'pci-bridge' ? ['pci-bridge', 'pci-endpoint'] : [plugs];
  }
  return deviceTypes(graph, node);
}

export function deviceTypes(graph: DeviceGraph, device: DeviceNode): ConnectType[] {
  const express = graph.machine.expectedRoot === 'pcie-root';
  switch (device.connect) {
    case 'pci':
      return ['pci-endpoint'];
    case 'pcie':
    case 'either':
    case 'integrated':
      return [express ? 'pcie-endpoint' : 'pci-endpoint'];
    case 'none':
      // libvirt treats a non-PCI device that has a PCI address as a PCI endpoint.
      return ['pci-endpoint'];
  }
}

/**
 * Whether the bus accepts the node at an explicit address: the relaxed rule
 * of `virDomainPCIAddressFlagsCompatible`, `src/conf/domain_addr.c:295` (a bus that takes either endpoint type takes both).
 */
export function busAcceptsExplicit(bus: Bus, offered: readonly ConnectType[]): boolean {
  const accepts = new Set(bus.accepts);
  if (accepts.has('pci-endpoint') || accepts.has('pcie-endpoint')) {
    accepts.add('pci-endpoint');
    accepts.add('pcie-endpoint');
  }
  return offered.some((t) => accepts.has(t));
}

/** Placements whose bus is the given controller index. */
export function placementsOnBus(placements: readonly Placement[], index: number): Placement[] {
  return placements.filter((p) => p.bus === index);
}

/** The controller providing bus `index`, if any. */
export function controllerAt(graph: DeviceGraph, index: number): ControllerNode | undefined {
  return graph.buses.get(index)?.controller;
}

/**
 * Every node with an `<address type='pci'>`, whatever its content: empty
 * (auto-assign), with unparsable fields, or explicit. Controllers first, then
 * devices, as allNodes. Rules that check the address text itself (field
 * ranges, number syntax) use this; topology rules use explicitPlacements.
 */
export function nodesWithPciAddress(graph: DeviceGraph): { node: GraphNode; address: PciAddress }[] {
  const result: { node: GraphNode; address: PciAddress }[] = [];
  for (const node of allNodes(graph)) if (node.address) result.push({ node, address: node.address });
  return result;
}

// ---------------------------------------------------------------------------
// Topology queries (slot occupancy, PCIe ports, devices libvirt will place,
// controller emitters), shared by common/spare-pcie-ports, common/io-space-budget,
// q35/root-port-capacity, q35/legacy-hotplug-needs-bridge and others.
// Imports for this section live here so the section can be appended as a whole.
// ---------------------------------------------------------------------------

import { isPcieHotplugPort, type PciControllerModel } from '../catalog/controllers.js';
import { chipsetFunctions } from '../catalog/machines.js';
import { attributeValue as xmlAttributeValue, type XmlElement } from '../syntax/xml.js';
import { implicitDevices } from '../placement/implicit-devices.js';

/** Explicit placements on one bus of PCI domain 0, keyed by slot. */
export function placementsBySlot(placements: readonly Placement[], bus: number): Map<number, Placement[]> {
  const slots = new Map<number, Placement[]>();
  for (const p of placements) {
    if (p.domain !== 0 || p.bus !== bus) continue;
    const list = slots.get(p.slot);
    if (list) list.push(p);
    else slots.set(p.slot, [p]);
  }
  return slots;
}

/** The node's explicit (non-empty, numeric) PCI placement, if any. */
export function explicitPlacementOf(placements: readonly Placement[], node: GraphNode): Placement | undefined {
  return placements.find((p) => p.node === node);
}

/** Whether the node has a PCI address libvirt will keep (not absent, not empty). */
export function hasExplicitPciAddress(node: GraphNode): boolean {
  return node.address !== null && !node.address.empty;
}

/** `chassis` of a root or downstream port; the default is the controller index. */
export function effectiveChassis(controller: ControllerNode): number | null {
  return controller.target.chassis ? controller.target.chassis.value : controller.index;
}

/** `chassisNr` of a pci-bridge; the default is the controller index. */
export function effectiveChassisNr(controller: ControllerNode): number | null {
  return controller.target.chassisNr ? controller.target.chassisNr.value : controller.index;
}

/** True for pcie-root-port and pcie-switch-downstream-port controllers. */
export function isPciePortController(node: GraphNode): node is ControllerNode {
  return node.kind === 'controller' && node.model !== null && isPcieHotplugPort(node.model);
}

/** A pcie-root-port or downstream port, written or added by libvirt to fill an index gap. */
export interface PciePort {
  readonly index: number;
  /** null for a port libvirt adds to fill an index gap (`qemuDomainPCIAddressSetCreate`, `src/qemu/qemu_domain_address.c:1646`: default model pcie-root-port). */
  readonly controller: ControllerNode | null;
  readonly model: PciControllerModel;
  /** Hotplug-capable: not `hotplug='off'` (libvirt `docs/pci-hotplug.rst`; QEMU `docs/pcie.txt` §5). */
  readonly hotplug: boolean;
  /** No explicit address names this port's index as its bus. */
  readonly empty: boolean;
}

/**
 * Every PCIe root/downstream port of a pcie-root machine, in index order.
 * Emptiness counts explicit addresses only (the spare-port reservation in `qemuDomainAssignPCIAddresses`, `src/qemu/qemu_domain_address.c:2605` looks at the PCIe type only: a
 * port is empty exactly when no address has bus equal to its index).
 */
export function pciePorts(graph: DeviceGraph, placements: readonly Placement[] = explicitPlacements(graph)): PciePort[] {
  const used = new Set(placements.filter((p) => p.domain === 0).map((p) => p.bus));
  const ports: PciePort[] = [];
  for (const bus of graph.buses.values()) {
    if (!isPcieHotplugPort(bus.model)) continue;
    ports.push({ index: bus.index, controller: bus.controller, model: bus.model, hotplug: bus.hotplug, empty: !used.has(bus.index) });
  }
  if (graph.root?.model === 'pcie-root') {
    const written = new Set(graph.controllers.map((c) => c.index));
    for (let i = 1; i <= highestBusReference(graph, placements); i++) {
      if (graph.buses.has(i) || written.has(i)) continue;
      ports.push({ index: i, controller: null, model: 'pcie-root-port', hotplug: true, empty: !used.has(i) });
    }
  }
  return ports.sort((a, b) => a.index - b.index);
}

/**
 * The highest PCI controller index written or referenced by an explicit
 * address bus. Indexes above 255 do not count: libvirt refuses them ("too
 * high", common/controller-index-rules), and counting to them would size
 * loops by a number from the input (index='1000000').
 */
export function highestBusReference(graph: DeviceGraph, placements: readonly Placement[] = explicitPlacements(graph)): number {
  let highest = 0;
  for (const c of graph.controllers) if (c.index !== null && c.index > highest && c.index <= 0xff) highest = c.index;
  for (const p of placements) if (p.bus > highest && p.bus <= 0xff) highest = p.bus;
  return highest;
}

/** The index a new PCI controller should get: highest written or referenced + 1. */
export function nextControllerIndex(graph: DeviceGraph, placements: readonly Placement[] = explicitPlacements(graph)): number {
  return highestBusReference(graph, placements) + 1;
}

/** A PCI device that libvirt will place itself because it has no explicit address. */
export interface PendingDevice {
  readonly label: string;
  /** The written node, or null for a device libvirt adds implicitly (default USB, memballoon, ...). */
  readonly node: GraphNode | null;
  /**
   * What it will take: `port` an empty PCIe root/downstream port (PCIe and
   * virtio endpoints on pcie-root machines, pcie-to-pci-bridge, upstream
   * ports), `conventional` a conventional slot, `root` a slot on bus 0.
   */
  readonly needs: 'port' | 'conventional' | 'root';
}

/**
 * Devices without an explicit PCI address that libvirt will place, in
 * document order, followed by the implicit devices libvirt adds when absent
 * (`qemuDomainDefAddDefaultDevices`, `src/qemu/qemu_domain.c:3985`; the placement engine's implicitDevices: default USB,
 * virtio memballoon, default video for graphics, disk and virtio-serial controllers).
 * Devices the q35 chipset step puts on fixed slots (primary video when 00:01
 * is free, SATA 0, ich9 sound, ICH9 USB2 sets) are left out: they take no port.
 * Root and downstream ports themselves are not listed.
 */
export function devicesAwaitingPlacement(graph: DeviceGraph, placements: readonly Placement[] = explicitPlacements(graph)): PendingDevice[] {
  const express = graph.machine.expectedRoot === 'pcie-root';
  const q35 = graph.machine.family === 'q35';
  const slot1Used = placements.some((p) => p.domain === 0 && p.bus === 0 && p.slot === 1);
  // mach-virt: one virtio-mmio address sends every unaddressed virtio device to virtio-mmio (`qemuDomainAssignVirtioMMIOAddresses`, `src/qemu/qemu_domain_address.c:483`).
  const virtioMmio = graph.machine.family === 'virt' && graph.devices.some((d) => d.addressType === 'virtio-mmio');
  const pending: PendingDevice[] = [];
  let ich9SoundSeen = false;
  for (const c of graph.controllers) {
    if (c.origin !== 'written' || !c.model || c.info?.root || hasExplicitPciAddress(c)) continue;
    switch (c.model) {
      case 'pcie-to-pci-bridge': case 'pcie-switch-upstream-port':
        pending.push({ label: nodeLabel(c), node: c, needs: 'port' });
        break;
      case 'dmi-to-pci-bridge': case 'pcie-expander-bus': case 'pci-expander-bus':
        pending.push({ label: nodeLabel(c), node: c, needs: 'root' });
        break;
      case 'pci-bridge':
        pending.push({ label: nodeLabel(c), node: c, needs: 'conventional' });
        break;
      default:
        break;
    }
  }
  for (const d of graph.devices) {
    if (d.connect === 'none' || hasExplicitPciAddress(d)) continue;
    if (d.addressType !== null && d.addressType !== 'pci') continue;
    if (q35) {
      if (d.primaryVideo && !slot1Used) continue;
      if (d.controllerType === 'sata' && d.controllerIndex === 0) continue;
      if (d.controllerType === 'usb' && d.model?.startsWith('ich9-')) continue;
      if (d.deviceKind === 'sound' && d.model === 'ich9' && !ich9SoundSeen) {
        ich9SoundSeen = true;
        continue;
      }
    }
    if (d.connect === 'either' && virtioMmio) continue;
    // A written USB controller without a model becomes piix3-uhci on x86 (qemuDomainControllerDefPostParse;
    // oracle: q35 places it behind a pcie-to-pci-bridge), a conventional device, whatever the front-end's default.
    const unmodeledUsb = d.controllerType === 'usb' && (graph.machine.family === 'q35' || graph.machine.family === 'i440fx') && xmlAttributeValue(d.element ?? undefined, 'model') === undefined;
    if (unmodeledUsb) {
      pending.push({ label: d.label, node: d, needs: 'conventional' });
      continue;
    }
    const needs = d.connect === 'integrated' ? 'root' : express && (d.connect === 'pcie' || d.connect === 'either') ? 'port' : 'conventional';
    pending.push({ label: d.label, node: d, needs });
  }
  // Devices libvirt adds itself (default USB, memballoon, video for graphics,
  // disk and virtio-serial controllers): the placement engine's list.
  const hasVideo = graph.devices.some((d) => d.primaryVideo);
  for (const d of implicitDevices(graph)) {
    if (d.connect === 'none' || graph.machine.family === 's390-ccw' || (d.connect === 'either' && virtioMmio)) continue;
    if (q35 && ((d.controllerType === 'sata' && d.controllerIndex === 0) || (d.deviceKind === 'video' && !hasVideo && !slot1Used))) continue;
    if (graph.machine.family === 'i440fx' && (d.controllerType === 'ide' || d.controllerType === 'usb') && d.controllerIndex === 0) continue;
    const needs = d.connect === 'integrated' ? 'root' : express && (d.connect === 'pcie' || d.connect === 'either') ? 'port' : 'conventional';
    pending.push({ label: `${d.label}, which libvirt adds`, node: null, needs });
  }
  return pending;
}

/**
 * Slots of bus 0 that new root ports cannot use, with what holds them:
 * explicit placements of anything but pcie-root-ports, the chipset's fixed
 * functions, and on q35 the chipset placements of unaddressed devices
 * (`qemuDomainValidateDevicePCISlotsQ35`, `src/qemu/qemu_domain_address.c:1865`): primary video at
 * 00:01.0 when slot 1 is free, ich9 sound at 00:1b, ICH9 USB2 sets at
 * 00:1d / 00:1a, a dmi-to-pci-bridge at 00:1e.
 */
export function rootBusReservedSlots(graph: DeviceGraph, placements: readonly Placement[] = explicitPlacements(graph)): Map<number, string> {
  const reserved = new Map<number, string>();
  const bySlot = placementsBySlot(placements, 0);
  for (const [slot, list] of bySlot) {
    const other = list.find((p) => !(p.node.kind === 'controller' && p.node.model === 'pcie-root-port'));
    if (other) reserved.set(slot, nodeLabel(other.node));
  }
  for (const f of chipsetFunctions(graph.machine.family)) if (!reserved.has(f.slot)) reserved.set(f.slot, f.occupant);
  if (graph.machine.family !== 'q35') return reserved;
  const free = (slot: number) => !bySlot.has(slot) && !reserved.has(slot);
  const unaddressed = (n: GraphNode) => !hasExplicitPciAddress(n) && (n.kind === 'controller' || n.addressType === null || n.addressType === 'pci');
  const usbSets = new Set<number>();
  for (const d of graph.devices) {
    if (d.controllerType === 'usb' && d.model === 'ich9-uhci1' && unaddressed(d) && d.controllerIndex !== undefined) usbSets.add(d.controllerIndex);
  }
  for (const _ of [...usbSets].slice(0, 2)) {
    const slot = free(0x1d) ? 0x1d : free(0x1a) ? 0x1a : null;
    if (slot !== null) reserved.set(slot, 'an ICH9 USB2 controller set');
  }
  const dmi = graph.controllers.find((c) => c.model === 'dmi-to-pci-bridge' && c.origin === 'written' && unaddressed(c));
  if (dmi && free(0x1e)) reserved.set(0x1e, nodeLabel(dmi));
  const video = graph.devices.find((d) => d.primaryVideo);
  if (video && unaddressed(video) && free(1)) reserved.set(1, `the primary ${nodeLabel(video)}`);
  const sound = graph.devices.find((d) => d.deviceKind === 'sound' && d.model === 'ich9' && unaddressed(d));
  if (sound && free(0x1b)) reserved.set(0x1b, nodeLabel(sound));
  return reserved;
}

/** A bus-0 function chosen for a new root port. */
export interface RootFunction {
  readonly slot: number;
  readonly function: number;
  /** Function 0 of a slot that will hold other functions: write multifunction='on'. */
  readonly multifunction: boolean;
}

/**
 * Bus-0 functions for `count` new pcie-root-ports, chosen as libvirt's search
 * would (libvirt `docs/pci-hotplug.rst`; the spare-port logic in `qemuDomainAssignPCIAddresses`; `virDomainPCIAddressGetNextAddr`, `src/conf/domain_addr.c:1088`): scanning slots upward, the first slot that is
 * free or holds only root ports (an aggregate slot) with a free function,
 * skipping the reserved slots of rootBusReservedSlots. Returns fewer than
 * `count` entries when pcie.0 is full.
 */
export function freeRootPortFunctions(graph: DeviceGraph, count: number, placements: readonly Placement[] = explicitPlacements(graph)): RootFunction[] {
  const root = graph.buses.get(0);
  if (!root || root.model !== 'pcie-root' || count <= 0) return [];
  const reserved = rootBusReservedSlots(graph, placements);
  const bySlot = placementsBySlot(placements, 0);
  const picks: { slot: number; function: number }[] = [];
  for (let slot = root.slotMin; slot <= root.slotMax && picks.length < count; slot++) {
    if (reserved.has(slot)) continue;
    const list = bySlot.get(slot) ?? [];
    // QEMU refuses more functions behind a function 0 that says multifunction='off' (`virDomainPCIAddressSetAllMulti`, `src/conf/domain_addr.c:1291`; QEMU `hw/pci/pci.c`).
    if (list.some((p) => p.function === 0 && p.address.multifunction === 'off')) continue;
    const usedFns = new Set(list.map((p) => p.function));
    for (let fn = 0; fn < 8 && picks.length < count; fn++) if (!usedFns.has(fn)) picks.push({ slot, function: fn });
  }
  return picks.map((p) => {
    const others = (bySlot.get(p.slot) ?? []).some((q) => q.function !== 0) || picks.some((q) => q.slot === p.slot && q.function !== 0);
    return { ...p, multifunction: p.function === 0 && others };
  });
}

/** Lowest chassis value not used by any root/downstream port, preferring `preferred` (QEMU pcie_chassis_add_slot: chassis must be unique). */
export function freeChassis(graph: DeviceGraph, preferred: number, taken: ReadonlySet<number> = new Set()): number {
  const used = new Set<number>(taken);
  for (const c of graph.controllers) {
    if (!isPciePortController(c)) continue;
    const chassis = effectiveChassis(c);
    if (chassis !== null) used.add(chassis);
  }
  if (preferred >= 0 && preferred <= 255 && !used.has(preferred)) return preferred;
  for (let v = 1; v <= 255; v++) if (!used.has(v)) return v;
  return preferred;
}

/**
 * `count` new pcie-root-ports on pcie.0 with complete definitions
 * (as every pcilint fix that adds controllers): indexes from `firstIndex`, chassis = index when free,
 * port = (slot << 3) + function, addresses from freeRootPortFunctions.
 * Returns null when pcie.0 has no room for all of them.
 */
export function newRootPorts(graph: DeviceGraph, count: number, firstIndex: number, placements: readonly Placement[] = explicitPlacements(graph)): NewController[] | null {
  const functions = freeRootPortFunctions(graph, count, placements);
  if (functions.length < count) return null;
  const taken = new Set<number>();
  return functions.map((f, i) => {
    const index = firstIndex + i;
    const chassis = freeChassis(graph, index, taken);
    taken.add(chassis);
    return {
      index,
      model: 'pcie-root-port',
      modelName: 'pcie-root-port',
      target: [['chassis', String(chassis)], ['port', '0x' + ((f.slot << 3) + f.function).toString(16)]],
      address: { bus: 0, slot: f.slot, function: f.function, multifunction: f.multifunction },
    };
  });
}

/**
 * The last `<controller type='pci'>` written under `<devices>`, in document
 * order: where controller-adding fixes insert and report.
 */
export function lastWrittenPciController(graph: DeviceGraph): ControllerNode | null {
  const devices = graph.domainElement.children.find((e) => e.name === 'devices');
  let last: ControllerNode | null = null;
  for (const c of graph.controllers) {
    if (c.origin !== 'written' || !c.element || c.element.parent !== devices) continue;
    if (!last || c.element.span.start > last.element!.span.start) last = c;
  }
  return last;
}

/**
 * Where a diagnostic about one field of a PCI address should point: the
 * attribute when written, else the `<address>` element (fields default to 0).
 */
export function addressFieldLocation(address: PciAddress, field: 'domain' | 'bus' | 'slot' | 'function'): XmlElement | NonNullable<PciAddress['bus']>['attr'] {
  return address[field]?.attr ?? address.element;
}

/**
 * Explicit placements whose fields are within libvirt's ranges (domain 0,
 * bus <= 0xff, slot <= 0x1f, function <= 7): topology rules use these so an
 * out-of-range field is reported once, by the address rules.
 */
export function validPlacements(graph: DeviceGraph): Placement[] {
  return explicitPlacements(graph).filter((p) => p.domain === 0 && p.bus >= 0 && p.bus <= 0xff && p.slot >= 0 && p.slot <= 0x1f && p.function >= 0 && p.function <= 7);
}

/** Explicitly addressed endpoints sitting on a pcie-root-port or downstream port, with that port's bus. */
export function endpointsOnPciePorts(graph: DeviceGraph): { placement: Placement; device: DeviceNode; bus: Bus }[] {
  const result: { placement: Placement; device: DeviceNode; bus: Bus }[] = [];
  for (const p of validPlacements(graph)) {
    if (p.node.kind !== 'device') continue;
    const bus = graph.buses.get(p.bus);
    if (bus && isPcieHotplugPort(bus.model)) result.push({ placement: p, device: p.node, bus });
  }
  return result;
}
