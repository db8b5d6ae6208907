import type { ConnectType } from '../catalog/connect.js';
import { CONTROLLER_MODELS, type PciControllerModel } from '../catalog/controllers.js';

/**
 * Connect flags of something looking for a slot (`virDomainPCIConnectFlags`, `src/conf/domain_addr.h`): its types plus
 * the AUTO / HP / INT / AGG modifiers. Endpoints want AUTO; controllers don't,
 * which is how root ports land on pcie-root while endpoints never do.
 */
export interface SeekerFlags {
  readonly types: ReadonlySet<ConnectType>;
  readonly auto: boolean;
  readonly hotplug: boolean;
  readonly integrated: boolean;
  readonly aggregate: boolean;
}

interface SlotState {
  /** Bit i set: function i is in use. */
  used: number;
  /** Holds only aggregate devices (root ports), so more may join (`virDomainPCIAddressGetNextAddr`, `src/conf/domain_addr.c:1088`). */
  aggregate: boolean;
}

export interface BusState {
  readonly index: number;
  model: PciControllerModel;
  types: Set<ConnectType>;
  auto: boolean;
  hotplug: boolean;
  readonly slotMin: number;
  readonly slotMax: number;
  readonly slots: Map<number, SlotState>;
  /** pseries isolation group (`qemuDomainSetupIsolationGroups`, `src/qemu/qemu_domain_address.c:1416`); 0 for emulated devices. */
  group: number;
  locked: boolean;
}

export function newBus(index: number, model: PciControllerModel, hotplugOff = false): BusState {
  const info = CONTROLLER_MODELS[model];
  return {
    index,
    model,
    types: new Set(info.accepts),
    auto: info.autoEndpoints,
    hotplug: info.hotplugCapable && !hotplugOff,
    slotMin: info.slotMin,
    slotMax: info.slotMax,
    slots: new Map(),
    group: 0,
    locked: false,
  };
}

export function busIsEmpty(bus: BusState): boolean {
  for (const s of bus.slots.values()) if (s.used !== 0) return false;
  return true;
}

/** virDomainPCIAddressBusIsFullyReserved. */
export function busIsFull(bus: BusState): boolean {
  for (let slot = bus.slotMin; slot <= bus.slotMax; slot++) {
    if ((bus.slots.get(slot)?.used ?? 0) === 0) return false;
  }
  return true;
}

export function isFunctionUsed(bus: BusState, slot: number, fn: number): boolean {
  return ((bus.slots.get(slot)?.used ?? 0) & (1 << fn)) !== 0;
}

export function reserve(bus: BusState, slot: number, fn: number, aggregate: boolean): void {
  let s = bus.slots.get(slot);
  if (!s) {
    s = { used: 0, aggregate };
    bus.slots.set(slot, s);
  } else if (s.used === 0) {
    s.aggregate = aggregate;
  }
  s.used |= 1 << fn;
}

/**
 * The strict compatibility test libvirt applies to automatic addresses
 * (virDomainPCIAddressFlagsCompatible without the explicit-address
 * relaxation): AUTO, HP and a shared type; INT devices may use bus 0.
 */
export function strictlyCompatible(flags: SeekerFlags, bus: BusState): boolean {
  const busAuto = bus.auto || (flags.integrated && bus.index === 0);
  if (flags.integrated && bus.index !== 0) return false;
  if (flags.auto && !busAuto) return false;
  if (flags.hotplug && !bus.hotplug) return false;
  for (const t of flags.types) if (bus.types.has(t)) return true;
  return false;
}

/** First free slot (function `fn`, or 0), or a free function of an aggregate slot. */
export function findSlotOnBus(bus: BusState, flags: SeekerFlags, fn: number | null): { slot: number; fn: number } | null {
  for (let slot = bus.slotMin; slot <= bus.slotMax; slot++) {
    const s = bus.slots.get(slot);
    if (!s || s.used === 0) return { slot, fn: fn ?? 0 };
    if (flags.aggregate && s.aggregate) {
      if (fn !== null) {
        if ((s.used & (1 << fn)) === 0) return { slot, fn };
        continue;
      }
      for (let f = 0; f < 8; f++) if ((s.used & (1 << f)) === 0) return { slot, fn: f };
    }
  }
  return null;
}

/**
 * QEMU refuses device_add on these buses ("Bus 'pci.1' does not support
 * hotplugging", oracle on i440fx), although libvirt's placement flags let it
 * pick them for a hot-plugged device: libvirt's flag and QEMU's ability differ.
 */
const QEMU_CANNOT_HOTPLUG: ReadonlySet<PciControllerModel> = new Set(['pci-expander-bus', 'pcie-expander-bus']);

/** A bus where a conventional PCI device can really be hot-plugged: libvirt places it there and QEMU accepts it. */
export function acceptsConventionalHotplug(bus: BusState): boolean {
  return bus.hotplug && bus.auto && bus.types.has('pci-endpoint') && !QEMU_CANNOT_HOTPLUG.has(bus.model);
}
