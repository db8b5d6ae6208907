import type { ConnectClass } from '../catalog/connect.js';
import type { MachineFamily } from '../catalog/machines.js';
import type { FileAnalysis } from '../engine/analysis.js';
import { hostdevKey, UNLISTED_HOSTDEV } from '../engine/settings.js';
import { formatPciAddress } from '../frontends/numbers.js';
import type { GraphNode } from '../ir/graph.js';
import { acceptsConventionalHotplug, type BusState } from '../placement/bus-table.js';
import type { SlotAddress } from '../placement/items.js';
import { freeHotplugPorts } from '../placement/predict.js';
import { freeConventionalSlots } from '../placement/topology.js';

/*
 * The facts declarative rules test (docs/facts.md is their reference page).
 * Everything here is plain data: strings, numbers, booleans, arrays and
 * objects, no graph node and no parent pointer, so json-rules-engine can
 * hand them to operators, hash them and print them, and a rule reads the same
 * values whatever the input language. Built once per file, from the graph and
 * the file's placement prediction.
 */

/** The bus something sits on, as placement predicts it. */
export interface BusFact {
  /** The bus number: the index of the controller that provides it. */
  readonly index: number;
  /** The model of that controller: `pcie-root`, `pcie-root-port`, `pci-bridge`, `pci-root` (a pseries PHB), ... */
  readonly model: string;
  /** A device on this bus can be hot-plugged or unplugged (capable model and not `hotplug='off'`). */
  readonly hotplug: boolean;
  /** Devices and controllers placed on this bus, this one included. */
  readonly occupants: number;
  /** Of those, assigned host devices (`<hostdev>`, `<interface type='hostdev'>`). */
  readonly assigned: number;
}

export interface DeviceFact {
  /** The element name: `interface`, `disk`, `hostdev`, `controller` (non-PCI ones), `video`, ... */
  readonly kind: string;
  /** The model libvirt uses (written, or the machine default); null when the element has none. */
  readonly model: string | null;
  /** How it connects: `pcie`, `pci`, `either` (virtio: Express where it can), `integrated`, `none` (not PCI). */
  readonly class: ConnectClass;
  /** pcilint's label of the device, as its messages print it: `interface (e1000)`, `disk 'vda'`. */
  readonly label: string;
  /** `written` in the file, or `implicit`: added by libvirt (the default memballoon, USB controller). */
  readonly origin: 'written' | 'implicit';
  /** Its PCI address `dddd:bb:ss.f`, written or predicted; null when it takes none. */
  readonly address: string | null;
  /** `explicit` (written, or QEMU's own on a command line) or `predicted` (libvirt will assign it); null without address. */
  readonly addressOrigin: 'explicit' | 'predicted' | null;
  /** The `type` of its `<address>` element when written: `pci`, `drive`, `usb`, `ccw`, ... */
  readonly addressType: string | null;
  readonly bus: BusFact | null;
  /** The guest can hot-unplug it where it sits: on a PCI address on a hotplug-capable bus. */
  readonly hotplug: boolean;
  /** Assigned host devices (`<hostdev>`, `<interface type='hostdev'>`): the host PCI address `dddd:bb:ss.f`. */
  readonly hostAddress: string | null;
  /** What settings.hostdevs say about that host device (null when not an assigned device). */
  readonly host: { readonly express: boolean | null; readonly iommuGroup: number | null } | null;
  /** Non-PCI controllers: `usb`, `scsi`, `sata`, `virtio-serial`, ... */
  readonly controllerType: string | null;
  /** Disks: the bus libvirt uses (`virtio`, `sata`, `scsi`, `usb`, ...). */
  readonly diskBus: string | null;
  /** XPath-like location of the element (`/domain/devices/interface[2]`); null when implicit or on a command line. */
  readonly path: string | null;
}

export interface ControllerFact {
  readonly kind: 'controller';
  /** `pcie-root-port`, `pci-bridge`, `pcie-to-pci-bridge`, `pci-root`, ... */
  readonly model: string;
  readonly index: number;
  /** The QEMU device libvirt uses: `pcie-root-port`, `ioh3420`, `spapr-pci-host-bridge`, ... */
  readonly modelName: string | null;
  /** `written`, `implicit` (the root libvirt always has) or `predicted` (libvirt will add it). */
  readonly origin: 'written' | 'implicit' | 'predicted';
  readonly address: string | null;
  readonly addressOrigin: 'explicit' | 'predicted' | null;
  /** The bus the controller plugs into; null for roots. */
  readonly bus: BusFact | null;
  /** `<target hotplug>` as written (`on`, `off`), else null. */
  readonly hotplug: 'on' | 'off' | string | null;
  /** The bus it provides takes hot-plugged devices (capable model and not switched off). */
  readonly hotplugCapable: boolean;
  /** Devices and controllers placed on the bus it provides. */
  readonly occupants: number;
  /** Their kinds (`interface`, `disk`, `controller`, ...), in placement order, repeated. */
  readonly occupantKinds: readonly string[];
  /** Their models (null models left out). */
  readonly occupantModels: readonly string[];
  /** Effective target values after libvirt's defaults. */
  readonly chassis: number | null;
  readonly port: number | null;
  readonly path: string | null;
}

export interface MachineFact {
  readonly arch: string;
  readonly type: string;
  readonly family: MachineFamily;
  /** `pcie-root` (q35, virt) or `pci-root` (i440fx, pseries). */
  readonly rootModel: 'pci-root' | 'pcie-root';
  readonly source: 'libvirt-xml' | 'qemu-argv';
  readonly acpi: boolean;
  readonly numaCells: number;
}

export interface CountsFact {
  readonly devices: number;
  readonly controllers: number;
  readonly devicesByKind: Readonly<Record<string, number>>;
  readonly devicesByModel: Readonly<Record<string, number>>;
  readonly devicesByClass: Readonly<Record<ConnectClass, number>>;
  readonly controllersByModel: Readonly<Record<string, number>>;
  /** Controllers libvirt will add to place everything. */
  readonly addedControllers: number;
}

export interface FreeFact {
  /** Empty hotplug-capable PCIe ports (root and downstream ports): where a PCIe device can be hot-plugged. */
  readonly pcie: number;
  /** Free slots on buses where a conventional PCI device can be hot-plugged. */
  readonly pci: number;
  readonly pciePorts: readonly number[];
  readonly pciSlots: readonly { readonly bus: number; readonly slots: readonly number[] }[];
}

/** The facts of one guest, by fact name; `device` / `controller` are added per node. */
export interface GuestFacts {
  readonly machine: MachineFact;
  readonly counts: CountsFact;
  readonly free: FreeFact;
  /** libvirt's placement error when it would refuse the guest, else null. */
  readonly placementError: string | null;
}

/** A node fact with the graph node it describes, kept beside (not inside) the plain data. */
export interface Located<F> {
  readonly fact: F;
  /** Where a finding about it points; null for what libvirt adds (reported at the machine). */
  readonly node: GraphNode | null;
}

export interface PolicyFacts {
  readonly guest: GuestFacts;
  readonly devices: readonly Located<DeviceFact>[];
  readonly controllers: readonly Located<ControllerFact>[];
}

const address = (a: SlotAddress | null): string | null => (a ? formatPciAddress(0, a.bus, a.slot, a.fn) : null);

function increment(counts: Record<string, number>, key: string | null): void {
  if (key !== null) counts[key] = (counts[key] ?? 0) + 1;
}

/** What libvirt adds has no node: its class follows the slot types placement gave it. */
function implicitClass(types: ReadonlySet<string>): ConnectClass {
  const pcie = types.has('pcie-endpoint');
  const pci = types.has('pci-endpoint');
  return pcie && pci ? 'either' : pcie ? 'pcie' : pci ? 'pci' : 'none';
}

export function buildPolicyFacts(analysis: FileAnalysis): PolicyFacts {
  const { graph, prediction, settings } = analysis;
  const busStates = new Map<number, BusState>(prediction.buses.map((b) => [b.index, b]));
  const modelOfBus = new Map<number, string>(prediction.controllers.map((c) => [c.index, c.model]));

  // What sits on each bus, in placement order: controllers then devices.
  const occupants = new Map<number, { kind: string; model: string | null; assigned: boolean }[]>();
  const occupy = (a: SlotAddress | null, kind: string, model: string | null, assigned: boolean) => {
    if (!a) return;
    let list = occupants.get(a.bus);
    if (!list) occupants.set(a.bus, (list = []));
    list.push({ kind, model, assigned });
  };
  for (const c of prediction.controllers) occupy(c.address, 'controller', c.model, false);
  for (const d of prediction.devices) {
    const assigned = d.item.node?.kind === 'device' && d.item.node.hostAddress !== undefined;
    occupy(d.address, d.item.deviceKind, d.item.model, assigned);
  }

  const busFact = (a: SlotAddress | null): BusFact | null => {
    if (!a) return null;
    return {
      index: a.bus,
      model: modelOfBus.get(a.bus) ?? 'unknown',
      hotplug: busStates.get(a.bus)?.hotplug ?? false,
      occupants: occupants.get(a.bus)?.length ?? 0,
      assigned: occupants.get(a.bus)?.filter((o) => o.assigned).length ?? 0,
    };
  };

  const hostFacts = (key: string) => settings.hostdevs[key] ?? settings.hostdevs[UNLISTED_HOSTDEV];

  const devices: Located<DeviceFact>[] = prediction.devices.map((d) => {
    const node = d.item.node && d.item.node.kind === 'device' ? d.item.node : null;
    const host = node?.hostAddress ? hostdevKey(node.hostAddress) : null;
    const facts = host === null ? undefined : hostFacts(host);
    const bus = busFact(d.address);
    return {
      node,
      fact: {
        kind: d.item.deviceKind,
        model: d.item.model,
        class: node?.connect ?? implicitClass(d.item.flags.types),
        label: d.item.label,
        origin: node ? 'written' : 'implicit',
        address: address(d.address),
        addressOrigin: d.addressOrigin,
        addressType: node?.addressType ?? null,
        bus,
        hotplug: bus?.hotplug ?? false,
        hostAddress: host,
        host: host === null ? null : { express: facts?.express ?? null, iommuGroup: facts?.iommuGroup ?? null },
        controllerType: node?.controllerType ?? d.item.controllerType ?? null,
        diskBus: node?.diskBus ?? null,
        path: node?.path ?? null,
      },
    };
  });
  // Devices that take no PCI address (USB disks, virtio-mmio) are not placement items: still devices.
  const placed = new Set(devices.map((d) => d.node));
  for (const node of graph.devices) {
    if (placed.has(node)) continue;
    const host = node.hostAddress ? hostdevKey(node.hostAddress) : null;
    const facts = host === null ? undefined : hostFacts(host);
    devices.push({
      node,
      fact: {
        kind: node.deviceKind,
        model: node.model,
        class: node.connect,
        label: node.label,
        origin: 'written',
        address: null,
        addressOrigin: null,
        addressType: node.addressType,
        bus: null,
        hotplug: false,
        hostAddress: host,
        host: host === null ? null : { express: facts?.express ?? null, iommuGroup: facts?.iommuGroup ?? null },
        controllerType: node.controllerType ?? null,
        diskBus: node.diskBus ?? null,
        path: node.path,
      },
    });
  }

  const controllers: Located<ControllerFact>[] = prediction.controllers.map((c) => {
    const on = occupants.get(c.index) ?? [];
    return {
      node: c.node,
      fact: {
        kind: 'controller',
        model: c.model,
        index: c.index,
        modelName: c.modelName,
        origin: c.origin,
        address: address(c.address),
        addressOrigin: c.addressOrigin,
        bus: busFact(c.address),
        hotplug: c.node?.target.hotplug?.value ?? null,
        hotplugCapable: busStates.get(c.index)?.hotplug ?? false,
        occupants: on.length,
        occupantKinds: on.map((o) => o.kind),
        occupantModels: on.flatMap((o) => (o.model === null ? [] : [o.model])),
        chassis: c.target.chassis ?? null,
        port: c.target.port ?? null,
        path: c.node?.path ?? null,
      },
    };
  });

  const devicesByKind: Record<string, number> = {};
  const devicesByModel: Record<string, number> = {};
  const devicesByClass: Record<ConnectClass, number> = { pcie: 0, pci: 0, either: 0, integrated: 0, none: 0 };
  for (const { fact } of devices) {
    increment(devicesByKind, fact.kind);
    increment(devicesByModel, fact.model);
    devicesByClass[fact.class]++;
  }
  const controllersByModel: Record<string, number> = {};
  for (const { fact } of controllers) increment(controllersByModel, fact.model);

  const pciePorts = freeHotplugPorts(prediction).map((c) => c.index);
  const pciSlots = freeConventionalSlots(prediction);

  const { machine } = graph;
  return {
    guest: {
      machine: {
        arch: machine.arch,
        type: machine.type,
        family: machine.family,
        rootModel: machine.expectedRoot,
        source: graph.source,
        acpi: machine.acpi,
        numaCells: machine.numaCells,
      },
      counts: {
        devices: devices.length,
        controllers: controllers.length,
        devicesByKind,
        devicesByModel,
        devicesByClass,
        controllersByModel,
        addedControllers: prediction.controllers.filter((c) => c.origin === 'predicted').length,
      },
      free: { pcie: pciePorts.length, pci: pciSlots.reduce((n, b) => n + b.slots.length, 0), pciePorts, pciSlots },
      placementError: prediction.error,
    },
    devices,
    controllers,
  };
}
