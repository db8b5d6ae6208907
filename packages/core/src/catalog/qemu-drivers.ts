import { ownEntry } from './own-entry.js';
import type { PciControllerModel } from './controllers.js';

/**
 * QEMU `-device` drivers and what libvirt element each corresponds to, so a
 * command line builds the same graph as the domain XML libvirt would have
 * generated it from (`virDomainPCIAddressBusSetModel`, `src/conf/domain_addr.c:479`; `qemuDomainDeviceCalculatePCIConnectFlags`, `src/qemu/qemu_domain_address.c:593`; `qemuBuildControllerPCIDevProps`, `src/qemu/qemu_command.c:2678`).
 */

/** PCI controller drivers: QEMU name -> libvirt model (`virDomainPCIAddressBusSetModel`, `src/conf/domain_addr.c:479`). */
export const PCI_CONTROLLER_DRIVERS: Readonly<Record<string, PciControllerModel>> = {
  'pcie-root-port': 'pcie-root-port',
  ioh3420: 'pcie-root-port',
  'x3130-upstream': 'pcie-switch-upstream-port',
  'xio3130-downstream': 'pcie-switch-downstream-port',
  'i82801b11-bridge': 'dmi-to-pci-bridge',
  'pci-bridge': 'pci-bridge',
  'pcie-pci-bridge': 'pcie-to-pci-bridge',
  pxb: 'pci-expander-bus',
  'pxb-pcie': 'pcie-expander-bus',
  'spapr-pci-host-bridge': 'pci-root',
};

/** QEMU controller property -> libvirt `<target>` attribute. */
export const CONTROLLER_TARGET_PROPERTIES: Readonly<Record<string, string>> = {
  chassis: 'chassis',
  port: 'port',
  chassis_nr: 'chassisNr',
  bus_nr: 'busNr',
  index: 'index',
  hotplug: 'hotplug',
};

/** A libvirt element (with children) standing for one endpoint driver. */
export interface ElementShape {
  readonly name: string;
  readonly attrs?: Readonly<Record<string, string>>;
  readonly children?: readonly ElementShape[];
}

/** virtio drivers come in three flavours; libvirt expresses them as the model (QEMU `hw/virtio/virtio-pci.c`, `virtio_pci_realize`). */
type VirtioModel = 'virtio' | 'virtio-transitional' | 'virtio-non-transitional';

const el = (name: string, attrs?: Record<string, string>, children?: ElementShape[]): ElementShape => ({ name, attrs, children });

const VIRTIO_SHAPES: Readonly<Record<string, (model: VirtioModel) => ElementShape>> = {
  'virtio-blk-pci': (m) => el('disk', { type: 'file', device: 'disk', ...(m === 'virtio' ? {} : { model: m }) }, [el('target', { bus: 'virtio' })]),
  'vhost-user-blk-pci': (m) => el('disk', { type: 'vhostuser', device: 'disk', ...(m === 'virtio' ? {} : { model: m }) }, [el('target', { bus: 'virtio' })]),
  'virtio-net-pci': (m) => el('interface', { type: 'user' }, [el('model', { type: m })]),
  'virtio-scsi-pci': (m) => el('controller', { type: 'scsi', model: m === 'virtio' ? 'virtio-scsi' : m }),
  'virtio-serial-pci': (m) => el('controller', { type: 'virtio-serial', model: m }),
  'virtio-balloon-pci': (m) => el('memballoon', { model: m }),
  'virtio-rng-pci': (m) => el('rng', { model: m }),
  'virtio-9p-pci': (m) => el('filesystem', { type: 'mount', model: m }),
  'vhost-scsi-pci': (m) => el('hostdev', { mode: 'subsystem', type: 'scsi_host', model: m }),
  'vhost-vsock-pci': (m) => el('vsock', { model: m }),
  'virtio-input-host-pci': (m) => el('input', { type: 'passthrough', bus: 'virtio', model: m }),
  'virtio-keyboard-pci': (m) => el('input', { type: 'keyboard', bus: 'virtio', model: m }),
  'virtio-mouse-pci': (m) => el('input', { type: 'mouse', bus: 'virtio', model: m }),
  'virtio-tablet-pci': (m) => el('input', { type: 'tablet', bus: 'virtio', model: m }),
};

const video = (type: string) => el('video', {}, [el('model', { type })]);
const nic = (type: string) => el('interface', { type: 'user' }, [el('model', { type })]);
const usb = (model: string) => el('controller', { type: 'usb', model });
const scsi = (model: string) => el('controller', { type: 'scsi', model });
const sound = (model: string) => el('sound', { model });
const serialPci = () => el('serial', { type: 'pty' }, [el('target', { type: 'pci-serial' })]);
const shmem = (type: string) => el('shmem', { name: 'shmem' }, [el('model', { type })]);

const PLAIN_SHAPES: Readonly<Record<string, ElementShape>> = {
  e1000: nic('e1000'),
  e1000e: nic('e1000e'),
  rtl8139: nic('rtl8139'),
  vmxnet3: nic('vmxnet3'),
  'ne2k_pci': nic('ne2k_pci'),
  pcnet: nic('pcnet'),
  i82559er: nic('i82559er'),
  'vfio-pci': el('hostdev', { mode: 'subsystem', type: 'pci' }),
  lsi: scsi('lsilogic'),
  lsi53c895a: scsi('lsilogic'),
  mptsas1068: scsi('lsisas1068'),
  megasas: scsi('lsisas1078'),
  pvscsi: scsi('vmpvscsi'),
  am53c974: scsi('am53c974'),
  dc390: scsi('dc390'),
  'piix3-usb-uhci': usb('piix3-uhci'),
  'piix4-usb-uhci': usb('piix4-uhci'),
  'vt82c686b-usb-uhci': usb('vt82c686b-uhci'),
  'qemu-xhci': usb('qemu-xhci'),
  'nec-usb-xhci': usb('nec-xhci'),
  'usb-ehci': usb('ehci'),
  'ich9-usb-ehci1': usb('ich9-ehci1'),
  'ich9-usb-uhci1': usb('ich9-uhci1'),
  'ich9-usb-uhci2': usb('ich9-uhci2'),
  'ich9-usb-uhci3': usb('ich9-uhci3'),
  'pci-ohci': usb('pci-ohci'),
  ahci: el('controller', { type: 'sata' }),
  'ich9-ahci': el('controller', { type: 'sata' }),
  'piix3-ide': el('controller', { type: 'ide' }),
  'piix4-ide': el('controller', { type: 'ide' }),
  VGA: video('vga'),
  'cirrus-vga': video('cirrus'),
  'qxl-vga': video('qxl'),
  qxl: video('qxl'),
  'vmware-svga': video('vmvga'),
  'virtio-vga': video('virtio'),
  'virtio-vga-gl': video('virtio'),
  'virtio-gpu-pci': video('virtio'),
  'virtio-gpu-gl-pci': video('virtio'),
  'vhost-user-vga': video('virtio'),
  'vhost-user-gpu-pci': video('virtio'),
  'bochs-display': video('bochs'),
  'intel-hda': sound('ich6'),
  'ich9-intel-hda': sound('ich9'),
  AC97: sound('ac97'),
  ES1370: sound('es1370'),
  i6300esb: el('watchdog', { model: 'i6300esb' }),
  'vhost-user-fs-pci': el('filesystem', { type: 'mount' }, [el('driver', { type: 'virtiofs' })]),
  'pci-serial': serialPci(),
  'pci-serial-2x': serialPci(),
  'pci-serial-4x': serialPci(),
  ivshmem: shmem('ivshmem'),
  'ivshmem-plain': shmem('ivshmem-plain'),
  'ivshmem-doorbell': shmem('ivshmem-doorbell'),
  'virtio-iommu': el('iommu', { model: 'virtio' }),
  'virtio-iommu-pci': el('iommu', { model: 'virtio' }),
  'virtio-mem-pci': el('memory', { model: 'virtio-mem' }),
  'virtio-pmem-pci': el('memory', { model: 'virtio-pmem' }),
};

/**
 * PCI endpoints libvirt 9.0 has no element for; they still take a slot, so
 * the graph keeps them as generic endpoints of the given class.
 */
export const GENERIC_PCI_DRIVERS: Readonly<Record<string, 'pcie' | 'pci'>> = {
  nvme: 'pcie',
  'pvpanic-pci': 'pci',
  'virtio-crypto-pci': 'pcie',
  edu: 'pcie',
  'pci-testdev': 'pci',
  'ati-vga': 'pci',
  'sdhci-pci': 'pci',
  'ich9-usb-uhci4': 'pci',
  'ich9-usb-uhci5': 'pci',
  'ich9-usb-uhci6': 'pci',
};

/**
 * Drivers that never sit on a PCI bus (IDE/SCSI/USB/ISA children, CCW,
 * virtio-mmio, sysbus, memory): the front-end skips them quietly. Prefixes
 * end with `-`.
 */
const NON_PCI_PREFIXES = ['ide-', 'scsi-', 'usb-', 'isa-', 'spapr-', 'ccid-card-', 'hda-', 'tpm-', 'vfio-ccw', 'vfio-ap'];
const NON_PCI_DRIVERS = new Set([
  'virtserialport', 'virtconsole', 'sclpconsole', 'sclplmconsole', 'floppy', 'pc-dimm', 'nvdimm', 'vmgenid',
  'intel-iommu', 'amd-iommu', 'zpci', 'sb16', 'pvpanic', 'ramfb', 'i8042', 'virtio-mmio', 'vmcoreinfo',
  'sga', 'cfi.pflash01', 'loader', 'pc-testdev', 'ipmi-bmc-sim', 'isa-ipmi-kcs', 'spapr-tpm-proxy',
  'usb-redir', 'u2f-passthru',
]);

export type DriverClass =
  | { readonly kind: 'pci-controller'; readonly model: PciControllerModel }
  | { readonly kind: 'endpoint'; readonly shape: ElementShape }
  | { readonly kind: 'generic'; readonly connect: 'pcie' | 'pci' }
  | { readonly kind: 'not-pci' }
  | { readonly kind: 'unknown' };

/** What a `-device` driver is, for the graph. */
export function classifyDriver(driver: string): DriverClass {
  const controller = ownEntry(PCI_CONTROLLER_DRIVERS, driver);
  if (controller) return { kind: 'pci-controller', model: controller };
  const plain = ownEntry(PLAIN_SHAPES, driver);
  if (plain) return { kind: 'endpoint', shape: plain };
  for (const [suffix, model] of [['-non-transitional', 'virtio-non-transitional'], ['-transitional', 'virtio-transitional'], ['', 'virtio']] as const) {
    if (!driver.endsWith(suffix)) continue;
    const base = driver.slice(0, driver.length - suffix.length);
    const virtio = ownEntry(VIRTIO_SHAPES, base);
    if (virtio) return { kind: 'endpoint', shape: virtio(model) };
  }
  const generic = ownEntry(GENERIC_PCI_DRIVERS, driver);
  if (generic) return { kind: 'generic', connect: generic };
  if (NON_PCI_DRIVERS.has(driver) || NON_PCI_PREFIXES.some((p) => driver.startsWith(p))) return { kind: 'not-pci' };
  // virtio over CCW or MMIO: virtio-*-ccw, virtio-*-device.
  if (/^(virtio|vhost)-.*-(ccw|device)$/.test(driver)) return { kind: 'not-pci' };
  return { kind: 'unknown' };
}

/**
 * The NIC model QEMU creates for `-net nic` / `-nic` without `model=`, and
 * for the default network (mc->default_nic, QEMU 7.2 hw/i386/pc_*.c,
 * hw/arm/virt.c, hw/ppc/spapr.c).
 */
export function defaultNicDriver(family: string): string | null {
  switch (family) {
    case 'i440fx':
      return 'e1000';
    case 'q35':
      return 'e1000e';
    case 'virt':
      return 'virtio-net-pci';
    default:
      return null;
  }
}

/** `-vga TYPE` -> driver (QEMU softmmu/vl.c vga_interfaces). */
export const VGA_INTERFACE_DRIVERS: Readonly<Record<string, string | null>> = {
  std: 'VGA',
  cirrus: 'cirrus-vga',
  vmware: 'vmware-svga',
  qxl: 'qxl-vga',
  virtio: 'virtio-vga',
  none: null,
};

/** A `-device` of one of these replaces the default VGA (QEMU vl.c default_list). */
export const DISPLAY_DRIVERS_REPLACING_DEFAULT_VGA: ReadonlySet<string> = new Set([
  'VGA', 'isa-vga', 'cirrus-vga', 'isa-cirrus-vga', 'vmware-svga', 'qxl-vga', 'virtio-vga', 'ati-vga', 'vhost-user-vga', 'virtio-vga-gl',
]);
