import type { ConnectClass } from './connect.js';

/**
 * Whether firmware must give the device IO port space:
 * `always` (e1000, rtl8139, lsi, UHCI, transitional virtio...),
 * `never` (xhci, EHCI, HDA, VGA-class, ...), or `conventional-slot` for
 * generic virtio, which keeps its legacy IO BAR 0 unless it sits behind a
 * PCIe port (QEMU `hw/virtio/virtio-pci.c`, `virtio_pci_realize`).
 */
export type IoBarNeed = 'always' | 'never' | 'conventional-slot';

export interface EndpointModelInfo {
  readonly connect: ConnectClass;
  readonly ioBar: IoBarNeed;
}

const pci = (ioBar: IoBarNeed = 'never'): EndpointModelInfo => ({ connect: 'pci', ioBar });
const pcie = (ioBar: IoBarNeed = 'never'): EndpointModelInfo => ({ connect: 'pcie', ioBar });
const VIRTIO: EndpointModelInfo = { connect: 'either', ioBar: 'conventional-slot' };
const VIRTIO_NON_TRANSITIONAL: EndpointModelInfo = { connect: 'either', ioBar: 'never' };
const VIRTIO_TRANSITIONAL: EndpointModelInfo = pci('always');
const NONE: EndpointModelInfo = { connect: 'none', ioBar: 'never' };

/** The three virtio model spellings shared by many device kinds (`qemuDomainDeviceCalculatePCIConnectFlags`, `src/qemu/qemu_domain_address.c:593`). */
const VIRTIO_FAMILY: Record<string, EndpointModelInfo> = {
  virtio: VIRTIO,
  'virtio-non-transitional': VIRTIO_NON_TRANSITIONAL,
  'virtio-transitional': VIRTIO_TRANSITIONAL,
};

/**
 * libvirt's device classes (qemuDomainDeviceCalculatePCIConnectFlags), as lookups per device kind. `default` applies to
 * models not listed; `unset` to an element without a model.
 */
export interface KindTable {
  readonly models: Readonly<Record<string, EndpointModelInfo>>;
  readonly unset: EndpointModelInfo;
  readonly default: EndpointModelInfo;
}

export const INTERFACE_MODELS: KindTable = {
  models: {
    ...VIRTIO_FAMILY,
    e1000e: pcie('always'),
    e1000: pci('always'),
    rtl8139: pci('always'),
    'usb-net': NONE,
    'spapr-vlan': NONE,
  },
  // libvirt's default NIC model for QEMU is rtl8139 on x86 (qemuDomainDeviceNetDefPostParse).
  unset: pci('always'),
  default: pci('never'),
};

export const DISK_BUS_VIRTIO: KindTable = { models: VIRTIO_FAMILY, unset: VIRTIO, default: VIRTIO };

export const USB_CONTROLLER_MODELS: KindTable = {
  models: {
    'qemu-xhci': pcie(),
    'nec-xhci': pcie(),
    'piix3-uhci': pci('always'),
    'piix4-uhci': pci('always'),
    'vt82c686b-uhci': pci('always'),
    'ich9-uhci1': pci('always'),
    'ich9-uhci2': pci('always'),
    'ich9-uhci3': pci('always'),
    ehci: pci(),
    'ich9-ehci1': pci(),
    'pci-ohci': pci(),
    none: NONE,
    qusb1: NONE,
    qusb2: NONE,
  },
  // Resolved per machine by the front-end (`qemuDomainDefAddDefaultDevices`, `src/qemu/qemu_domain.c:3985`); this is the fallback.
  unset: pci('always'),
  default: pci(),
};

export const SCSI_CONTROLLER_MODELS: KindTable = {
  models: {
    ...VIRTIO_FAMILY,
    'virtio-scsi': VIRTIO,
    lsilogic: pci('always'),
    lsisas1068: pci('always'),
    lsisas1078: pci('always'),
    buslogic: pci('always'),
    vmpvscsi: pci(),
    ibmvscsi: NONE,
    dc390: pci('always'),
    am53c974: pci('always'),
    ncr53c90: NONE,
    auto: pci('always'),
  },
  // An unresolved default model is resolved by libvirt per arch; lsilogic on x86.
  unset: pci('always'),
  default: pci(),
};

export const VIRTIO_SERIAL_MODELS: KindTable = { models: VIRTIO_FAMILY, unset: VIRTIO, default: VIRTIO };

export const SOUND_MODELS: KindTable = {
  models: {
    ich6: pci(),
    ich9: pci(),
    ac97: pci('always'),
    es1370: pci('always'),
    sb16: NONE,
    pcspk: NONE,
    usb: NONE,
    ich7: NONE,
  },
  unset: NONE,
  default: NONE,
};

export const VIDEO_MODELS: KindTable = {
  models: {
    virtio: VIRTIO_NON_TRANSITIONAL,
    vga: pci(),
    cirrus: pci(),
    vmvga: pci(),
    qxl: pci('always'),
    xen: pci(),
    vbox: pci(),
    parallels: pci(),
    bochs: pcie(),
    none: NONE,
    ramfb: NONE,
    gop: NONE,
  },
  unset: NONE,
  default: NONE,
};

export const WATCHDOG_MODELS: KindTable = {
  models: { i6300esb: pci(), ib700: NONE, diag288: NONE, itco: NONE },
  unset: NONE,
  default: NONE,
};

export const MEMBALLOON_MODELS: KindTable = {
  models: { ...VIRTIO_FAMILY, none: NONE, xen: NONE },
  unset: NONE,
  default: NONE,
};

export const RNG_MODELS: KindTable = { models: VIRTIO_FAMILY, unset: VIRTIO, default: VIRTIO };

export const VIRTIO_ONLY: KindTable = { models: VIRTIO_FAMILY, unset: VIRTIO, default: VIRTIO };

export const MEMORY_MODELS: KindTable = {
  models: { 'virtio-pmem': VIRTIO_NON_TRANSITIONAL, 'virtio-mem': VIRTIO_NON_TRANSITIONAL },
  unset: NONE,
  default: NONE,
};

export const IOMMU_MODELS: KindTable = {
  models: { virtio: { connect: 'integrated', ioBar: 'never' }, intel: NONE, smmuv3: NONE },
  unset: NONE,
  default: NONE,
};

export function lookupModel(table: KindTable, model: string | undefined): EndpointModelInfo {
  if (model === undefined || model === '') return table.unset;
  return Object.prototype.hasOwnProperty.call(table.models, model) ? table.models[model] : table.default;
}

export const PCI_ENDPOINT_INFO = pci;
export const PCIE_ENDPOINT_INFO = pcie;
export const NOT_PCI = NONE;
export const VIRTIO_ENDPOINT = VIRTIO;

/**
 * Device kinds a user expects to hot-unplug (QEMU `docs/pcie.txt` §5; `src/qemu/qemu_hotplug.c:6045`): placing one on
 * a non-hotplug bus means it can never be detached from the running guest.
 */
export const HOT_UNPLUGGABLE_KINDS: ReadonlySet<string> = new Set([
  'disk', 'interface', 'hostdev', 'filesystem', 'rng', 'shmem', 'watchdog', 'input', 'vsock', 'memory',
]);
