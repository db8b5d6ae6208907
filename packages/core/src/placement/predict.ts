import { ownEntry } from '../catalog/own-entry.js';
import { maxOf, minOf } from '../ir/extremes.js';
import { devicesSentToVirtioMmio } from './virtio-mmio.js';
import { CONTROLLER_MODELS, type PciControllerModel } from '../catalog/controllers.js';
import { CONNECT_TYPE_LABEL, type ConnectType } from '../catalog/connect.js';
import { DEFAULT_CAPS, type QemuCaps } from '../engine/settings.js';
import type { ControllerNode, DeviceGraph, DeviceNode, PciAddress } from '../ir/graph.js';
import { attributeValue } from '../syntax/xml.js';
import {
  busIsEmpty, busIsFull, findSlotOnBus, isFunctionUsed, newBus, reserve, strictlyCompatible,
  type BusState, type SeekerFlags,
} from './bus-table.js';
import { implicitDevices } from './implicit-devices.js';
import { hostSlotIsolationGroup, type HostExpressOf, type IsolationGroupOf } from './isolation.js';
import { controllerFlags, endpointFlags, type AddressOrigin, type PlacementItem, type SlotAddress } from './items.js';

// The isolation-group parameter of predictPlacement, with its default and the settings-driven variant.
export { hostExpressFromSettings, hostSlotIsolationGroup, isolationGroupsFromSettings, type HostExpressOf, type HostPciAddress, type IsolationGroupOf } from './isolation.js';

/** QEMU capability switches (`qemuDomainDeviceCalculatePCIConnectFlags`, `src/qemu/qemu_domain_address.c:593`), from settings. */
export type PlacementCaps = QemuCaps;

/** A controller to treat as written with this address: a fix's effect, predicted before it is applied. */
export interface AddedController {
  readonly model: PciControllerModel;
  readonly index: number;
  readonly address: SlotAddress;
}

export interface PredictedController {
  readonly model: PciControllerModel;
  readonly index: number;
  readonly origin: 'written' | 'implicit' | 'predicted';
  readonly node: ControllerNode | null;
  readonly address: SlotAddress | null;
  readonly addressOrigin: AddressOrigin | null;
  readonly multifunction: boolean;
  readonly modelName: string | null;
  /** Effective target values after libvirt's defaults. */
  readonly target: { chassis?: number; port?: number; chassisNr?: number; index?: number; busNr?: number };
}

export interface PredictedDevice {
  readonly item: PlacementItem;
  readonly address: SlotAddress | null;
  readonly addressOrigin: AddressOrigin | null;
  readonly multifunction: boolean;
}

export interface PlacementPrediction {
  readonly controllers: readonly PredictedController[];
  readonly devices: readonly PredictedDevice[];
  /** libvirt's error, when it would refuse to place everything. */
  readonly error: string | null;
  /** Bus state after the real pass, for capacity queries. */
  readonly buses: readonly BusState[];
}

const MODEL_NAMES: Partial<Record<PciControllerModel, string>> = {
  'pcie-root-port': 'pcie-root-port', 'pci-bridge': 'pci-bridge', 'dmi-to-pci-bridge': 'i82801b11-bridge',
  'pcie-to-pci-bridge': 'pcie-pci-bridge', 'pcie-switch-upstream-port': 'x3130-upstream',
  'pcie-switch-downstream-port': 'xio3130-downstream', 'pci-expander-bus': 'pxb', 'pcie-expander-bus': 'pxb-pcie',
};

class PlacementError extends Error {}

interface ControllerEntry {
  model: PciControllerModel;
  index: number;
  node: ControllerNode | null;
  origin: 'written' | 'implicit' | 'predicted';
  explicit: SlotAddress | null;
  hotplugOff: boolean;
}

/**
 * Predicts libvirt 9.0's PCI address assignment (`qemuDomainAssignPCIAddresses`, `src/qemu/qemu_domain_address.c:2605`): a counting pass
 * that decides how many buses of which model are needed, then a real pass
 * that places everything without growth, then libvirt's defaults.
 * `isolationGroupOf` gives the pseries isolation group of each assigned host
 * device (libvirt reads the host IOMMU group; pass
 * isolationGroupsFromSettings(settings.hostdevs) to use configured groups).
 */
export function predictPlacement(
  graph: DeviceGraph,
  caps: PlacementCaps = DEFAULT_CAPS,
  added: readonly AddedController[] = [],
  isolationGroupOf: IsolationGroupOf = hostSlotIsolationGroup,
  hostExpressOf: HostExpressOf = () => true,
): PlacementPrediction {
  const family = graph.machine.family;
  const rootModel = graph.root?.model ?? graph.machine.expectedRoot;
  const items = collectItems(graph, caps, isolationGroupOf, hostExpressOf);
  const controllers = collectControllers(graph);
  for (const a of added) {
    controllers.push({ model: a.model, index: a.index, node: null, origin: 'written', explicit: a.address, hotplugOff: false });
  }
  controllers.sort((a, b) => a.index - b.index);
  const maxWritten = maxOf(controllers.map((c) => c.index), 0);
  // libvirt fills every index below the highest with a controller it adds; above 255 no address
  // can name the bus and it runs out of slots first. Refused without building a million buses.
  if (maxWritten > MAX_BUS) {
    return {
      controllers: [],
      devices: [],
      buses: [],
      error: `PCI controller index ${maxWritten} is above ${MAX_BUS}: libvirt would have to add a controller for every index below it and runs out of PCI slots`,
    };
  }
  const chipset = new Map<string, SlotAddress>();
  let error: string | null = null;

  // ---- Pass 1: counting (the counting pass of `qemuDomainAssignPCIAddresses`, `src/qemu/qemu_domain_address.c:2605`) ----
  const p1 = new Planner(graph, caps, true);
  p1.createBuses(controllers, maxWritten);
  let grewBefore = p1.buses.length;
  try {
    p1.collectExplicit(items, controllers);
    p1.chipset(items, controllers, chipset);
    if (rootModel === 'pci-root' && p1.buses.some((b) => !busIsFull(b))) {
      p1.place(endpointSeeker('pci-endpoint'), 0, null);
    }
    for (const entry of controllers) {
      if (entry.explicit || chipset.has(controllerKey(entry)) || CONTROLLER_MODELS[entry.model].root) continue;
      p1.placeController(entry);
    }
    const companions1 = new Map<number, SlotAddress>();
    for (const item of orderForPlacement(items)) {
      if (item.explicit || chipset.has(item.key)) continue;
      p1.placeItem(item, companions1, items, chipset);
    }
    if (rootModel === 'pcie-root' && maxWritten <= 0 && p1.buses.length > grewBefore) {
      p1.place(endpointSeeker('pcie-endpoint'), 0, null);
    }
    // Materialise new buses: each new controller needs a slot too, which may grow further.
    for (let index = 1; index < p1.buses.length; index++) {
      if (controllers.some((c) => c.index === index)) continue;
      const bus = p1.buses[index];
      const model = p1.createdModel.get(index) ?? bus.model;
      const entry: ControllerEntry = { model, index, node: null, origin: 'predicted', explicit: null, hotplugOff: false };
      controllers.push(entry);
      if (model !== 'pci-root') p1.placeController(entry);
    }
  } catch (e) {
    if (!(e instanceof PlacementError)) throw e;
    error = e.message;
  }
  controllers.sort((a, b) => a.index - b.index);

  // ---- Pass 2: the real pass (the real pass of `qemuDomainAssignPCIAddresses`, `src/qemu/qemu_domain_address.c:2605`) ----
  const p2 = new Planner(graph, caps, false);
  const placed = new Map<string, SlotAddress>();
  const controllerAddresses = new Map<number, SlotAddress>();
  if (!error) {
    try {
      p2.createBuses(controllers, maxOf(controllers.map((c) => c.index), 0));
      p2.collectExplicit(items, controllers, chipset);
      p2.chipset(items, controllers, chipset);
      for (const entry of controllers) {
        if (CONTROLLER_MODELS[entry.model].root) continue;
        const fixed = entry.explicit ?? chipset.get(controllerKey(entry));
        if (fixed) {
          controllerAddresses.set(entry.index, fixed);
          continue;
        }
        controllerAddresses.set(entry.index, p2.placeController(entry));
      }
      const companions2 = new Map<number, SlotAddress>();
      for (const item of orderForPlacement(items)) {
        const fixed = item.explicit ?? chipset.get(item.key);
        placed.set(item.key, fixed ?? p2.placeItem(item, companions2, items, chipset));
      }
    } catch (e) {
      if (!(e instanceof PlacementError)) throw e;
      error = e.message;
    }
  }

  // ---- Post-processing: multifunction and controller defaults (the real pass of `qemuDomainAssignPCIAddresses`, `src/qemu/qemu_domain_address.c:2605`) ----
  const multifunctionSlots = new Set<string>();
  const allAddresses = [...controllerAddresses.values(), ...placed.values()];
  for (const a of allAddresses) if (a.fn > 0) multifunctionSlots.add(`${a.bus}:${a.slot}`);
  const isMulti = (a: SlotAddress | null | undefined, written: PciAddress | null) =>
    !!a && a.fn === 0 && multifunctionSlots.has(`${a.bus}:${a.slot}`) ? written?.multifunction !== 'off' : written?.multifunction === 'on';

  const lowestBusNr = minOf(controllers.map((c) => c.node?.target.busNr?.value ?? 256), 256);
  const usedTargets = new Set(controllers.map((c) => c.node?.target.index?.value).filter((v): v is number => typeof v === 'number'));
  const predictedControllers: PredictedController[] = controllers.map((entry) => {
    const address = CONTROLLER_MODELS[entry.model].root ? null : controllerAddresses.get(entry.index) ?? entry.explicit;
    const t = entry.node?.target;
    const target: PredictedController['target'] = {};
    if (entry.model === 'pcie-root-port' || entry.model === 'pcie-switch-downstream-port') {
      target.chassis = t?.chassis?.value ?? entry.index;
      target.port = t?.port?.value ?? (address ? (entry.model === 'pcie-root-port' ? (address.slot << 3) + address.fn : address.slot) : undefined);
    } else if (entry.model === 'pci-bridge') {
      target.chassisNr = t?.chassisNr?.value ?? entry.index;
    } else if (entry.model === 'pci-expander-bus' || entry.model === 'pcie-expander-bus') {
      target.busNr = t?.busNr?.value ?? lowestBusNr - 2;
    } else if (entry.model === 'pci-root' && family === 'pseries') {
      let value = t?.index?.value;
      if (value === undefined || value === null) {
        value = entry.index === 0 ? 0 : 1;
        if (entry.index !== 0) while (usedTargets.has(value)) value++;
        usedTargets.add(value);
      }
      target.index = value;
    }
    const defaultName = entry.model === 'pcie-root-port' && !caps.pcieRootPort ? 'ioh3420' : MODEL_NAMES[entry.model] ?? null;
    const modelName = entry.node?.modelName?.value ?? (family === 'pseries' && entry.model === 'pci-root' ? 'spapr-pci-host-bridge' : defaultName);
    return {
      model: entry.model,
      index: entry.index,
      origin: entry.origin,
      node: entry.node,
      address: address ?? null,
      addressOrigin: address ? (entry.explicit ? 'explicit' : 'predicted') : null,
      multifunction: isMulti(address, entry.node?.address ?? null),
      modelName,
      target,
    };
  });
  const predictedDevices: PredictedDevice[] = items.map((item) => {
    const address = placed.get(item.key) ?? item.explicit ?? null;
    const node = item.node && item.node.kind === 'device' ? item.node : null;
    return {
      item,
      address,
      addressOrigin: address ? (item.explicit ? 'explicit' : 'predicted') : null,
      multifunction: isMulti(address, node?.address ?? null),
    };
  });
  return { controllers: predictedControllers, devices: predictedDevices, error, buses: p2.buses };
}

/** One bit per connect type, for seekerKind. */
const CONNECT_TYPE_BIT = new Map((Object.keys(CONNECT_TYPE_LABEL) as ConnectType[]).map((type, i) => [type, 1 << i]));

/**
 * A number that differs for seekers that differ in what they accept (types, flags, function): the
 * key of Planner.search's closed prefixes. A string joined from the type set cost most of search's time.
 */
function seekerKind(flags: SeekerFlags, fn: number | null): number {
  let types = 0;
  for (const type of flags.types) types |= CONNECT_TYPE_BIT.get(type)!;
  const bits = (flags.auto ? 1 : 0) | (flags.hotplug ? 2 : 0) | (flags.integrated ? 4 : 0) | (flags.aggregate ? 8 : 0);
  return (types * 16 + bits) * 16 + (fn ?? 8);
}

/** Fixed functions of an ICH9 USB2 set (qemuDomainAssignDevicePCISlots). */
const ICH9_COMPANION_FUNCTION: Record<string, number> = { 'ich9-ehci1': 7, 'ich9-uhci1': 0, 'ich9-uhci2': 1, 'ich9-uhci3': 2 };

/**
 * Root and downstream ports that can take a hot-plugged PCIe device after
 * placement (libvirt `docs/pci-hotplug.rst`; QEMU `docs/pcie.txt` §5): hotplug not switched off, and nothing (explicit or
 * predicted) on their bus.
 */
export function freeHotplugPorts(prediction: PlacementPrediction): PredictedController[] {
  const used = new Set<number>();
  for (const c of prediction.controllers) if (c.address) used.add(c.address.bus);
  for (const d of prediction.devices) if (d.address) used.add(d.address.bus);
  return prediction.controllers.filter(
    (c) =>
      (c.model === 'pcie-root-port' || c.model === 'pcie-switch-downstream-port') &&
      c.node?.target.hotplug?.value !== 'off' &&
      !used.has(c.index),
  );
}

function endpointSeeker(type: 'pci-endpoint' | 'pcie-endpoint'): SeekerFlags {
  return { types: new Set([type]), auto: true, hotplug: false, integrated: false, aggregate: false };
}

function controllerKey(entry: { index: number }): string {
  return `pci-controller:${entry.index}`;
}

function explicitOf(address: PciAddress | null): SlotAddress | null {
  if (!address || address.empty) return null;
  const bus = address.bus?.value ?? 0;
  const slot = address.slot?.value ?? 0;
  const fn = address.function?.value ?? 0;
  if (bus === null || slot === null || fn === null) return null;
  // Out of libvirt's ranges: refused at parse (common/address-field-range); placement never sizes anything by it.
  if (bus < 0 || bus > MAX_BUS || slot < 0 || slot > 0x1f || fn < 0 || fn > 7) return null;
  return { bus, slot, fn };
}

/** The highest PCI bus number: an address names at most bus 0xff. */
const MAX_BUS = 0xff;

/** PCI controllers in controller-array order (sorted by index within the type, `qemuDomainDefAddDefaultDevices`, `src/qemu/qemu_domain.c:3985`). */
function collectControllers(graph: DeviceGraph): ControllerEntry[] {
  const seen = new Set<number>();
  const entries: ControllerEntry[] = [];
  for (const c of graph.controllers) {
    if (c.index === null || c.index < 0 || !c.model || seen.has(c.index)) continue;
    seen.add(c.index);
    entries.push({
      model: c.model,
      index: c.index,
      node: c,
      origin: c.origin === 'implicit' ? 'implicit' : 'written',
      explicit: explicitOf(c.address),
      hotplugOff: c.target.hotplug?.value === 'off',
    });
  }
  return entries.sort((a, b) => a.index - b.index);
}

function collectItems(graph: DeviceGraph, caps: PlacementCaps, isolationGroupOf: IsolationGroupOf, hostExpressOf: HostExpressOf): PlacementItem[] {
  const items: PlacementItem[] = [];
  const family = graph.machine.family;
  // virt: one virtio-mmio address sends every unaddressed virtio device to
  // virtio-mmio (qemuDomainAssignVirtioMMIOAddresses).
  const toMmio = new Set(devicesSentToVirtioMmio(graph));
  for (const d of graph.devices) {
    const explicit = explicitOf(d.address);
    if (d.connect === 'none' && !explicit) continue;
    if (!explicit && d.addressType !== null && d.addressType !== 'pci') continue;
    // s390x: devices default to CCW; only an explicit PCI address puts one on PCI.
    if (!explicit && d.addressType !== 'pci' && family === 's390-ccw') continue;
    if (toMmio.has(d)) continue;
    if (d.controllerType === 'usb' && d.model === 'none') continue;
    items.push({
      key: d.id, node: d, deviceKind: d.deviceKind, controllerType: d.controllerType, controllerIndex: d.controllerIndex,
      model: d.model, label: d.label, flags: endpointFlags(graph, hostConnect(d, hostExpressOf), caps), explicit,
      primaryVideo: d.primaryVideo ?? false, group: isolationGroup(graph, d, isolationGroupOf),
    });
  }
  implicitDevices(graph).forEach((d, i) => {
    // On s390x implicit devices get CCW addresses.
    if (d.connect === 'none' || family === 's390-ccw') return;
    items.push({
      key: `implicit:${i}`, node: null, deviceKind: d.deviceKind, controllerType: d.controllerType, controllerIndex: d.controllerIndex,
      model: d.model, label: d.label, flags: endpointFlags(graph, d.connect, caps), explicit: null,
      primaryVideo: d.deviceKind === 'video', group: 0,
    });
  });
  return items;
}

/**
 * An assigned host device that is not PCI Express (host facts) is a conventional
 * PCI endpoint: on q35 and virt libvirt puts it behind a pcie-to-pci-bridge.
 */
function hostConnect(d: DeviceNode, hostExpressOf: HostExpressOf): DeviceNode['connect'] {
  return d.hostAddress && d.connect === 'pcie' && !hostExpressOf(d.hostAddress) ? 'pci' : d.connect;
}

/** Only pseries isolates assigned devices (qemuDomainSetupIsolationGroups); all else is group 0. */
function isolationGroup(graph: DeviceGraph, d: DeviceNode, isolationGroupOf: IsolationGroupOf): number {
  if (graph.machine.family !== 'pseries' || !d.hostAddress) return 0;
  return isolationGroupOf(d.hostAddress);
}

/** `qemuDomainAssignDevicePCISlots`, `src/qemu/qemu_domain_address.c:2098`: the fixed order libvirt places unaddressed devices in. */
const ORDER: Record<string, number> = {
  filesystem: 2, interface: 3, sound: 4, controller: 5, disk: 6, hostdev: 7, memballoon: 8, rng: 9, watchdog: 10,
  video: 11, shmem: 12, input: 13, serial: 14, iommu: 15, vsock: 16, memory: 17,
};

function orderForPlacement(items: readonly PlacementItem[]): PlacementItem[] {
  const rank = (item: PlacementItem) => {
    if (item.deviceKind === 'interface' && item.model === 'vfio-pci') return ORDER.hostdev - 0.5;
    return ORDER[item.deviceKind] ?? 99;
  };
  // Ranked once per item, not once per comparison. Array.prototype.sort is stable: document order
  // holds within a kind, except for controllers, which libvirt keeps grouped by type.
  const ranks = new Map(items.map((item) => [item, rank(item)]));
  const sorted = [...items].sort((a, b) => ranks.get(a)! - ranks.get(b)!);
  const controllers = sorted.filter((i) => ranks.get(i) === ORDER.controller);
  if (controllers.length < 2) return sorted;
  const first = sorted.indexOf(controllers[0]);
  sorted.splice(first, controllers.length, ...libvirtControllerOrder(controllers));
  return sorted;
}

/**
 * libvirt's order of controllers (virDomainControllerInsertPreAlloced, applied to
 * each controller as it is parsed or added): a controller goes before the earliest
 * following controller of its type with a greater index, else right after the
 * last one of its type, else at the end. So a USB controller written after a
 * virtio-serial one still comes right after USB index 0 (oracle-checked, libvirt 9.0).
 * Index-less controllers count as index -1 while they are inserted.
 */
function libvirtControllerOrder(controllers: readonly PlacementItem[]): PlacementItem[] {
  const out: PlacementItem[] = [];
  const indexOf = (c: PlacementItem) => (c.node?.element && attributeValue(c.node.element, 'index') === undefined ? -1 : c.controllerIndex ?? 0);
  for (const c of controllers) {
    let insertAt = -1;
    for (let i = out.length - 1; i >= 0; i--) {
      const current = out[i];
      if (current.controllerType !== c.controllerType) continue;
      if (indexOf(c) === -1) { insertAt = i + 1; break; }
      if (indexOf(current) > indexOf(c)) insertAt = i;
      else if (insertAt === -1) insertAt = i + 1;
    }
    out.splice(insertAt === -1 ? out.length : insertAt, 0, c);
  }
  return out;
}

class Planner {
  buses: BusState[] = [];
  /** Models of buses created by growth, by index (the restricted root port stays a root port). */
  readonly createdModel = new Map<number, PciControllerModel>();

  constructor(
    private readonly graph: DeviceGraph,
    private readonly caps: PlacementCaps,
    private readonly growthAllowed: boolean,
  ) {}

  private get family() {
    return this.graph.machine.family;
  }

  createBuses(controllers: readonly ControllerEntry[], maxIndex: number): void {
    for (let index = 0; index <= maxIndex; index++) {
      const entry = controllers.find((c) => c.index === index);
      const bus = entry ? newBus(index, entry.model, entry.hotplugOff) : newBus(index, this.defaultModel());
      if (entry?.model === 'pci-root' && this.family === 'i440fx' && !this.graph.machine.acpi) bus.hotplug = false;
      if (index === 0 && this.family === 'pseries') bus.locked = true;
      this.buses.push(bus);
    }
  }

  private defaultModel(): PciControllerModel {
    if (this.family === 'pseries') return 'pci-root';
    return this.graph.machine.expectedRoot === 'pcie-root' ? 'pcie-root-port' : 'pci-bridge';
  }

  collectExplicit(items: readonly PlacementItem[], controllers: readonly ControllerEntry[], chipset?: ReadonlyMap<string, SlotAddress>): void {
    for (const entry of controllers) {
      const address = entry.explicit ?? chipset?.get(controllerKey(entry));
      if (!address || CONTROLLER_MODELS[entry.model].root) continue;
      const plugs = CONTROLLER_MODELS[entry.model].plugsAs!;
      this.reserveExplicit(address, controllerFlags(entry.model, plugs), 0);
    }
    for (const item of items) {
      const address = item.explicit ?? chipset?.get(item.key);
      if (!address) continue;
      this.reserveExplicit(address, item.flags, item.group);
    }
  }

  private reserveExplicit(address: SlotAddress, flags: SeekerFlags, group: number): void {
    if (address.bus >= this.buses.length) {
      if (!this.growthAllowed) return;
      this.grow(flags, address.bus);
    }
    const bus = this.buses[address.bus];
    if (!bus) return;
    this.take(bus, address.slot, address.fn, flags, group);
  }

  private take(bus: BusState, slot: number, fn: number, flags: SeekerFlags, group: number): void {
    const wasEmpty = busIsEmpty(bus);
    reserve(bus, slot, fn, flags.aggregate);
    if (wasEmpty && !bus.locked) bus.group = group;
    else if (bus.group !== group) bus.group = 0;
  }

  /** `qemuDomainValidateDevicePCISlotsQ35`, `src/qemu/qemu_domain_address.c:1865`, `qemuDomainValidateDevicePCISlotsPIIX3`, `src/qemu/qemu_domain_address.c:1755` reserved slots. */
  chipset(items: readonly PlacementItem[], controllers: readonly ControllerEntry[], chipset: Map<string, SlotAddress>): void {
    const bus0 = this.buses[0];
    if (!bus0) return;
    const slotFree = (slot: number) => (bus0.slots.get(slot)?.used ?? 0) === 0;
    const assign = (key: string, slot: number, fn: number, flags: SeekerFlags) => {
      if (!chipset.has(key)) chipset.set(key, { bus: 0, slot, fn });
      if (!isFunctionUsed(bus0, slot, fn)) reserve(bus0, slot, fn, false);
    };
    const unaddressed = (item: PlacementItem) => !item.explicit;
    if (this.family === 'q35') {
      reserve(bus0, 0x1f, 0, false);
      reserve(bus0, 0x1f, 3, false);
      const sata0 = items.find((i) => i.controllerType === 'sata' && i.controllerIndex === 0);
      if (sata0 && unaddressed(sata0)) assign(sata0.key, 0x1f, 2, sata0.flags);
      this.placePrimaryVideo(items, chipset, 1);
      const sound = items.find((i) => i.deviceKind === 'sound' && i.model === 'ich9' && unaddressed(i));
      if (sound && (chipset.has(sound.key) || slotFree(0x1b))) assign(sound.key, 0x1b, 0, sound.flags);
      for (const entry of controllers) {
        if (entry.model !== 'dmi-to-pci-bridge' || entry.explicit) continue;
        if (chipset.has(controllerKey(entry)) || slotFree(0x1e)) {
          assign(controllerKey(entry), 0x1e, 0, controllerFlags(entry.model, 'dmi-to-pci-bridge'));
        }
        break;
      }
    } else if (this.family === 'i440fx') {
      reserve(bus0, 1, 0, false);
      reserve(bus0, 1, 3, false);
      const ide0 = items.find((i) => i.controllerType === 'ide' && i.controllerIndex === 0);
      if (ide0 && unaddressed(ide0)) assign(ide0.key, 1, 1, ide0.flags);
      const usb0 = items.find((i) => i.controllerType === 'usb' && i.controllerIndex === 0 && (i.model === 'piix3-uhci' || i.model === null));
      if (usb0 && unaddressed(usb0)) assign(usb0.key, 1, 2, usb0.flags);
      this.placePrimaryVideo(items, chipset, 2);
    }
  }

  private placePrimaryVideo(items: readonly PlacementItem[], chipset: Map<string, SlotAddress>, slot: number): void {
    const video = items.find((i) => i.deviceKind === 'video' && i.primaryVideo);
    if (!video || video.explicit) return;
    const bus0 = this.buses[0];
    const previous = chipset.get(video.key);
    if (previous) {
      if (!isFunctionUsed(this.buses[previous.bus], previous.slot, previous.fn)) reserve(this.buses[previous.bus], previous.slot, previous.fn, false);
      return;
    }
    if ((bus0.slots.get(slot)?.used ?? 0) === 0) {
      chipset.set(video.key, { bus: 0, slot, fn: 0 });
      reserve(bus0, slot, 0, false);
    } else {
      chipset.set(video.key, this.place(video.flags, 0, null));
    }
  }

  /**
   * Places one unaddressed item. ICH9 USB2 controllers sharing an index go
   * into one slot at fixed functions (`qemuDomainAssignDevicePCISlots`, `src/qemu/qemu_domain_address.c:2098`).
   */
  placeItem(item: PlacementItem, companions: Map<number, SlotAddress>, items: readonly PlacementItem[], chipset: ReadonlyMap<string, SlotAddress>): SlotAddress {
    const fn = item.controllerType === 'usb' && item.model ? ownEntry(ICH9_COMPANION_FUNCTION, item.model) : undefined;
    if (fn === undefined || item.controllerIndex === undefined) return this.place(item.flags, item.group, null);
    let slot = companions.get(item.controllerIndex);
    if (!slot) {
      const sibling = items.find(
        (i) => i !== item && i.controllerType === 'usb' && i.controllerIndex === item.controllerIndex && (i.explicit ?? chipset.get(i.key)),
      );
      const at = sibling ? (sibling.explicit ?? chipset.get(sibling.key))! : null;
      if (at) slot = { bus: at.bus, slot: at.slot, fn: 0 };
    }
    if (slot) {
      const address = { bus: slot.bus, slot: slot.slot, fn };
      const bus = this.buses[address.bus];
      if (bus && !isFunctionUsed(bus, address.slot, fn)) this.take(bus, address.slot, fn, item.flags, item.group);
      return address;
    }
    const address = this.place(item.flags, item.group, fn);
    companions.set(item.controllerIndex, address);
    return address;
  }

  placeController(entry: ControllerEntry): SlotAddress {
    const info = CONTROLLER_MODELS[entry.model];
    return this.place(controllerFlags(entry.model, info.plugsAs!), 0, null, entry.model);
  }

  /** `virDomainPCIAddressGetNextAddr`, `src/conf/domain_addr.c:1088`: search, then (counting pass only) grow. */
  place(flags: SeekerFlags, group: number, fn: number | null, controllerModel?: PciControllerModel): SlotAddress {
    const found = this.search(flags, group, fn);
    if (found) return found;
    if (!this.growthAllowed) throw new PlacementError('No more available PCI slots');
    const index = this.grow(flags, undefined, controllerModel);
    const bus = this.buses[index];
    const address = { bus: index, slot: bus.slotMin, fn: fn ?? 0 };
    this.take(bus, address.slot, address.fn, flags, group);
    return address;
  }

  /**
   * Per kind of seeker, how many buses at the start of the list can never
   * take it: incompatible (a bus's flags do not change during a pass) or
   * without room (functions are only ever taken). Searching from there gives
   * the address a search from bus 0 gives, without rescanning every full
   * root port for every device: 60,000 NICs took minutes before.
   */
  private readonly closedPrefix = new Map<number, number>();

  private search(flags: SeekerFlags, group: number, fn: number | null): SlotAddress | null {
    const kind = seekerKind(flags, fn);
    let start = this.closedPrefix.get(kind) ?? 0;
    while (start < this.buses.length && (!strictlyCompatible(flags, this.buses[start]) || !findSlotOnBus(this.buses[start], flags, fn))) start++;
    this.closedPrefix.set(kind, start);
    for (let i = start; i < this.buses.length; i++) {
      const bus = this.buses[i];
      if (bus.group !== group || !strictlyCompatible(flags, bus)) continue;
      const hit = findSlotOnBus(bus, flags, fn);
      if (hit) {
        this.take(bus, hit.slot, hit.fn, flags, group);
        return { bus: bus.index, slot: hit.slot, fn: hit.fn };
      }
    }
    for (let i = start; i < this.buses.length; i++) {
      const bus = this.buses[i];
      if (!busIsEmpty(bus) || bus.locked || !strictlyCompatible(flags, bus)) continue;
      const hit = findSlotOnBus(bus, flags, fn);
      if (hit) {
        this.take(bus, hit.slot, hit.fn, flags, group);
        return { bus: bus.index, slot: hit.slot, fn: hit.fn };
      }
    }
    return null;
  }

  /** Growth, as virDomainPCIAddressSetGrow does it. Returns the bus index the seeker should use. */
  private grow(flags: SeekerFlags, needed?: number, controllerModel?: PciControllerModel): number {
    let add = needed !== undefined ? needed - this.buses.length + 1 : 1;
    let target = needed ?? this.buses.length;
    const models: PciControllerModel[] = [];
    if (flags.types.has('pci-endpoint')) {
      if (this.family === 'pseries') {
        for (let i = 0; i < add; i++) models.push('pci-root');
      } else if (!this.buses.some((b) => b.types.has('pci-bridge'))) {
        if (add === 1) {
          add = 2;
          target += 1;
        }
        models.push(...(this.caps.pciePciBridge ? (['pcie-root-port', 'pcie-to-pci-bridge'] as const) : (['dmi-to-pci-bridge', 'pci-bridge'] as const)));
        while (models.length < add) models.push('pci-bridge');
      } else {
        for (let i = 0; i < add; i++) models.push('pci-bridge');
      }
    } else if (flags.types.has('pcie-endpoint') || flags.types.has('pcie-switch-upstream-port')) {
      for (let i = 0; i < add; i++) models.push('pcie-root-port');
    } else {
      const model = controllerModel ?? [...flags.types][0];
      throw new PlacementError(`a PCI slot is needed to connect a PCI controller model='${model}', but none is available, and it cannot be automatically added`);
    }
    models.forEach((model, i) => {
      const index = this.buses.length;
      const bus = newBus(index, model);
      // The legacy entry point's root port takes nothing but the bridge during this pass.
      if (model === 'pcie-root-port' && models[i + 1] === 'pcie-to-pci-bridge') {
        bus.types = new Set(['pcie-to-pci-bridge']);
      }
      this.createdModel.set(index, model);
      this.buses.push(bus);
    });
    return target;
  }
}
