import type { MachineFamily } from '../catalog/machines.js';
import type { DeviceGraph } from '../ir/graph.js';
import { acceptsConventionalHotplug } from './bus-table.js';
import { freeHotplugPorts, predictPlacement, type PlacementPrediction } from './predict.js';
import type { SlotAddress } from './items.js';
import { chipsetFunctions } from './chipset-functions.js';

export interface TopologyAddress {
  readonly domain: number;
  readonly bus: number;
  readonly slot: number;
  readonly function: number;
}

/**
 * The predicted layout of one guest in the shape `pcilint topology --format
 * json` prints (issue 3): what the XML says plus what libvirt will add.
 * `path` locates the source element; null for what libvirt adds itself.
 */
export interface TopologyDocument {
  readonly machine: { readonly arch: string; readonly type: string; readonly family: MachineFamily };
  readonly controllers: readonly {
    readonly model: string;
    readonly index: number;
    readonly modelName: string | null;
    readonly target: Readonly<Record<string, number>>;
    readonly address: TopologyAddress | null;
    readonly multifunction: boolean;
    readonly origin: 'written' | 'predicted';
    readonly addressOrigin: 'explicit' | 'predicted' | null;
    readonly path: string | null;
  }[];
  readonly devices: readonly {
    readonly kind: string;
    readonly label: string;
    readonly model: string | null;
    readonly address: TopologyAddress | null;
    readonly multifunction: boolean;
    readonly origin: 'explicit' | 'predicted';
    readonly path: string | null;
  }[];
  /** Functions of the root bus that the machine itself provides (host bridge, PIIX3, LPC). */
  readonly chipset: readonly { readonly label: string; readonly address: TopologyAddress; readonly reserved: boolean }[];
  /** Free hotplug-capable places after placement, by what they accept (libvirt `docs/pci-hotplug.rst`; QEMU `docs/pcie.txt` §5). */
  readonly free: {
    readonly pciePorts: readonly number[];
    readonly conventionalSlots: readonly { readonly bus: number; readonly slots: readonly number[] }[];
  };
  /** Controllers libvirt will add (index order). */
  readonly added: readonly { readonly model: string; readonly index: number; readonly address: TopologyAddress | null }[];
  /** libvirt's error, when it would refuse to place everything. */
  readonly error: string | null;
}

const toAddress = (a: SlotAddress | null): TopologyAddress | null =>
  a ? { domain: 0, bus: a.bus, slot: a.slot, function: a.fn } : null;

export function describeTopology(graph: DeviceGraph, prediction: PlacementPrediction = predictPlacement(graph)): TopologyDocument {
  // On a command line QEMU creates the root itself: it is there, not something libvirt adds.
  const present = (origin: string) => origin === 'written' || (graph.source === 'qemu-argv' && origin === 'implicit');
  const controllers = prediction.controllers.map((c) => ({
    model: c.model,
    index: c.index,
    modelName: c.modelName,
    target: Object.fromEntries(Object.entries(c.target).filter(([, v]) => v !== undefined)) as Record<string, number>,
    address: toAddress(c.address),
    multifunction: c.multifunction,
    // The implicit root is something libvirt adds too.
    origin: present(c.origin) ? ('written' as const) : ('predicted' as const),
    addressOrigin: c.addressOrigin,
    path: c.node?.path ?? null,
  }));
  const devices = prediction.devices.map((d) => ({
    kind: d.item.deviceKind,
    label: d.item.label,
    model: d.item.model,
    address: toAddress(d.address),
    multifunction: d.multifunction,
    // A command-line device without addr= sits where QEMU puts it: predicted too.
    origin: d.item.node && d.addressOrigin === 'explicit' && !d.item.node.address?.predicted ? ('explicit' as const) : ('predicted' as const),
    path: d.item.node?.path ?? null,
  }));
  const conventionalSlots = freeConventionalSlots(prediction);
  return {
    machine: { arch: graph.machine.arch, type: graph.machine.type, family: graph.machine.family },
    controllers,
    devices,
    chipset: chipsetFunctions(graph, prediction).map((f) => ({ label: f.label, address: toAddress(f.address)!, reserved: f.reserved })),
    free: { pciePorts: freeHotplugPorts(prediction).map((c) => c.index), conventionalSlots },
    added: prediction.controllers
      .filter((c) => !present(c.origin))
      .map((c) => ({ model: c.model, index: c.index, address: toAddress(c.address) })),
    error: prediction.error,
  };
}

/** Empty slots where a conventional PCI device can be hot-plugged (libvirt places it there, QEMU accepts it), by bus. */
export function freeConventionalSlots(prediction: PlacementPrediction): { bus: number; slots: number[] }[] {
  return prediction.buses
    .filter(acceptsConventionalHotplug)
    .map((b) => {
      const slots: number[] = [];
      for (let slot = b.slotMin; slot <= b.slotMax; slot++) if ((b.slots.get(slot)?.used ?? 0) === 0) slots.push(slot);
      return { bus: b.index, slots };
    })
    .filter((b) => b.slots.length > 0);
}
