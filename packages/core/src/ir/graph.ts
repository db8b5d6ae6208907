import type { ConnectClass, ConnectType } from '../catalog/connect.js';
import type { ControllerModelInfo, PciControllerModel } from '../catalog/controllers.js';
import type { IoBarNeed } from '../catalog/devices.js';
import type { MachineRecognition } from '../catalog/machine-types.js';
import type { MachineFamily } from '../catalog/machines.js';
import type { Span } from '../syntax/source.js';
import type { XmlAttribute, XmlElement } from '../syntax/xml.js';

/**
 * Where a graph fact comes from:
 * - `written`: present in the source text;
 * - `implicit`: added by libvirt/QEMU at define time with a fixed identity
 *   (the index-0 root, q35's SATA 0) but not in the text;
 * - `predicted`: computed by pcilint's placement (issue 3).
 */
export type Origin = 'written' | 'implicit' | 'predicted';

/** One numeric address field, kept with its attribute so rules can point at it. */
export interface NumericField {
  /** Parsed value, or null when the text is not a number libvirt would accept. */
  readonly value: number | null;
  readonly attr: XmlAttribute;
}

export interface PciAddress {
  readonly domain: NumericField | null;
  readonly bus: NumericField | null;
  readonly slot: NumericField | null;
  readonly function: NumericField | null;
  readonly multifunction: 'on' | 'off' | null;
  readonly multifunctionAttr: XmlAttribute | null;
  /**
   * domain, bus and slot all 0 (or absent): libvirt treats the address as a
   * request to auto-assign (virPCIDeviceAddressIsEmpty).
   */
  readonly empty: boolean;
  readonly element: XmlElement;
  /**
   * Not in the source: QEMU would pick this address itself (command-line
   * input without `addr=`, issue 4). Rules treat it like a written one.
   */
  readonly predicted?: boolean;
}

interface NodeBase {
  /** Stable within one graph: `controller:pci:3`, `device:12`. */
  readonly id: string;
  readonly origin: Origin;
  /** The element the node was built from; null for implicit/predicted nodes. */
  readonly element: XmlElement | null;
  /** Where diagnostics about the node point by default: its start tag. */
  readonly span: Span | null;
  /** XPath-like location of the source element, null when not written. */
  readonly path: string | null;
}

export interface ControllerTarget {
  readonly chassisNr?: NumericField;
  readonly chassis?: NumericField;
  readonly port?: NumericField;
  readonly busNr?: NumericField;
  readonly index?: NumericField;
  readonly hotplug?: { readonly value: string; readonly attr: XmlAttribute };
  /** `<target><node>N</node></target>`. */
  readonly node?: { readonly value: number | null; readonly element: XmlElement };
  readonly element?: XmlElement;
}

/** A `<controller type='pci'>`. */
export interface ControllerNode extends NodeBase {
  readonly kind: 'controller';
  /** The model as written (or implied); null when absent. */
  readonly modelText: string | null;
  /** The catalog entry when the model is known. */
  readonly model: PciControllerModel | null;
  readonly info: ControllerModelInfo | null;
  /** The effective index: written, or assigned as libvirt does for a missing one. */
  readonly index: number | null;
  readonly indexField: NumericField | null;
  readonly modelName: { readonly value: string; readonly attr: XmlAttribute } | null;
  readonly target: ControllerTarget;
  readonly pcihole64: XmlElement | null;
  /** The PCI address, when `<address type='pci'>` is present. */
  readonly address: PciAddress | null;
  /** Any `<address>` child (also non-PCI ones). */
  readonly addressElement: XmlElement | null;
}

/** Anything else that may take a PCI address. */
export interface DeviceNode extends NodeBase {
  readonly kind: 'device';
  /** The element name: disk, interface, hostdev, controller (non-PCI), video, ... */
  readonly deviceKind: string;
  /** For non-PCI controllers: usb, scsi, sata, ide, virtio-serial, ... */
  readonly controllerType?: string;
  readonly controllerIndex?: number;
  /** Disks: the bus libvirt uses (`<target bus>`, else implied by the dev name). */
  readonly diskBus?: string;
  /** The model libvirt uses (written, or the machine default). */
  readonly model: string | null;
  /** A human label for messages: "interface (virtio)", "disk 'vda'". */
  readonly label: string;
  readonly connect: ConnectClass;
  readonly ioBar: IoBarNeed;
  readonly address: PciAddress | null;
  /** The `type` of the device's `<address>`, if any (pci, drive, ccw, usb, ...). */
  readonly addressType: string | null;
  readonly addressElement: XmlElement | null;
  /** hostdev / interface type='hostdev': the host PCI address. */
  readonly hostAddress?: { readonly domain: number; readonly bus: number; readonly slot: number; readonly function: number; readonly element: XmlElement };
  /** The first video device that is not none/ramfb (q35 puts it at 00:01.0). */
  readonly primaryVideo?: boolean;
}

export type GraphNode = ControllerNode | DeviceNode;

/** A bus provided by a PCI controller. Its number is the controller index (`virDomainPCIConnectFlags`, `src/conf/domain_addr.h`). */
export interface Bus {
  readonly index: number;
  readonly controller: ControllerNode;
  readonly model: PciControllerModel;
  readonly accepts: readonly ConnectType[];
  readonly autoEndpoints: boolean;
  readonly slotMin: number;
  readonly slotMax: number;
  /** Slots can take a hot-plugged device: capable model and not `hotplug='off'`. */
  readonly hotplug: boolean;
}

export interface Machine {
  readonly arch: string;
  /** The machine type string, written or the arch default. */
  readonly type: string;
  readonly family: MachineFamily;
  /** Whether QEMU has this machine for this arch; rules that need the machine run only when 'known'. */
  readonly recognition: MachineRecognition;
  /** The root model libvirt requires at index 0 for this machine. */
  readonly expectedRoot: 'pci-root' | 'pcie-root';
  readonly typeElement: XmlElement | null;
  readonly acpi: boolean;
  /** Number of guest NUMA cells (`<cpu><numa><cell>`). */
  readonly numaCells: number;
}

/** A problem found while reading the source itself, before any rule runs. */
export interface SourceProblem {
  readonly severity: 'error' | 'warn';
  readonly message: string;
  readonly span: Span;
}

/**
 * What a fix printer needs to know about a QEMU command line (command-line
 * input only): where each `-device` and its value are, in which syntax, and
 * where each property is. Plain data; the graph's elements point into the
 * same text.
 */
export interface CommandLineLayout {
  readonly format: 'args-file' | 'shell-script' | 'proc-cmdline' | 'ps-line';
  /** Source extent of the program and of every argument after it, in order. */
  readonly words: readonly Span[];
  /** The root bus name (`pcie.0`, `pci.0`), the parent of devices without `bus=`. */
  readonly rootBus: string;
  readonly devices: readonly CommandLineDevice[];
}

export interface CommandLineDevice {
  /** Index into `words` of the `-device` word; its value is the next word. */
  readonly optionWord: number;
  readonly syntax: 'keyval' | 'json';
  readonly driver: string;
  readonly id: string | null;
  /** The controller index this -device creates, when it is a PCI controller. */
  readonly controllerIndex: number | null;
  readonly properties: readonly CommandLineProperty[];
}

export interface CommandLineProperty {
  /** QEMU's property name (`driver` for the implied first element of key=value). */
  readonly key: string;
  readonly form: 'implied' | 'pair' | 'flag' | 'json';
  /** JSON: the type written; key=value values are always strings. */
  readonly type: 'string' | 'number' | 'boolean' | 'other';
  /** The whole `key=value` / `"key":value`. */
  readonly span: Span;
  /** The value; inside the quotes for a JSON string. */
  readonly valueSpan: Span;
}

export interface DeviceGraph {
  readonly source: 'libvirt-xml' | 'qemu-argv';
  /** The command line's layout, for printing fixes (command-line input only). */
  readonly commandLine?: CommandLineLayout;
  /** Problems of the input found by the front-end (command-line input only). */
  readonly sourceProblems?: readonly SourceProblem[];
  readonly machine: Machine;
  /** PCI controllers in document order, the implicit root (if any) last. */
  readonly controllers: readonly ControllerNode[];
  readonly devices: readonly DeviceNode[];
  /** One bus per controller index; the first controller wins when indexes repeat. */
  readonly buses: ReadonlyMap<number, Bus>;
  /** The controller at index 0, written or implicit. */
  readonly root: ControllerNode | null;
  readonly domainElement: XmlElement;
}

export function isController(node: GraphNode): node is ControllerNode {
  return node.kind === 'controller';
}
