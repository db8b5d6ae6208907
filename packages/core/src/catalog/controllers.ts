import type { ConnectType } from './connect.js';

export type PciControllerModel =
  | 'pci-root'
  | 'pcie-root'
  | 'pci-bridge'
  | 'dmi-to-pci-bridge'
  | 'pcie-to-pci-bridge'
  | 'pcie-root-port'
  | 'pcie-switch-upstream-port'
  | 'pcie-switch-downstream-port'
  | 'pci-expander-bus'
  | 'pcie-expander-bus';

/** `<target>` attributes and children of a PCI controller (`qemuValidateDomainDeviceDefControllerPCI`, `src/qemu/qemu_validate.c:3617`). */
export type TargetOption = 'chassisNr' | 'chassis' | 'port' | 'busNr' | 'index' | 'hotplug' | 'node' | 'pcihole64' | 'modelName';

export interface ControllerModelInfo {
  readonly model: PciControllerModel;
  /** Root controllers have no parent and must be index 0 (PHBs excepted). */
  readonly root: boolean;
  /** The connect type this controller needs upstream (null for roots). */
  readonly plugsAs: ConnectType | null;
  /** Types the bus it provides accepts, for explicit (relaxed) and automatic placement. */
  readonly accepts: readonly ConnectType[];
  /** Whether libvirt auto-places ordinary endpoints on this bus (the AUTO flag). */
  readonly autoEndpoints: boolean;
  readonly slotMin: number;
  readonly slotMax: number;
  /** Whether slots of the provided bus are hotplug-capable (before `hotplug='off'`). */
  readonly hotplugCapable: boolean;
  /** Whether `<target hotplug>` is accepted for this model (`qemuValidateDomainDeviceDefControllerPCI`, `src/qemu/qemu_validate.c:3617`). */
  readonly hotplugAttribute: boolean;
  /** Valid `<model name>` values; empty means none is allowed. */
  readonly modelNames: readonly string[];
  /** Target options this model accepts besides `hotplug` and `modelName`. */
  readonly targetOptions: readonly TargetOption[];
  /** Requires a pcie-root machine (PCI Express-only controller). */
  readonly expressOnly: boolean;
  /** QEMU -device driver when emitted (null: implicit). */
  readonly qemuDriver: string | null;
}

const ENDPOINTS = ['pci-endpoint', 'pcie-endpoint'] as const;

/**
 * The PCI controller models; bus flags and slot ranges follow
 * virDomainPCIAddressBusSetModel (src/conf/domain_addr.c:479).
 */
export const CONTROLLER_MODELS: Record<PciControllerModel, ControllerModelInfo> = {
  'pci-root': {
    model: 'pci-root', root: true, plugsAs: null,
    accepts: ['pci-endpoint', 'pci-bridge', 'pci-expander-bus'],
    autoEndpoints: true, slotMin: 1, slotMax: 31, hotplugCapable: true, hotplugAttribute: true,
    // On pseries the PHB model name is mandatory; elsewhere forbidden (checked per machine).
    modelNames: ['spapr-pci-host-bridge'], targetOptions: ['index', 'node', 'pcihole64'],
    expressOnly: false, qemuDriver: null,
  },
  'pcie-root': {
    model: 'pcie-root', root: true, plugsAs: null,
    // Ordinary endpoints only by explicit address: no AUTO (`virDomainPCIAddressFlagsCompatible`, `src/conf/domain_addr.c:295`).
    accepts: ['pcie-endpoint', 'pcie-root-port', 'dmi-to-pci-bridge', 'pcie-expander-bus'],
    autoEndpoints: false, slotMin: 1, slotMax: 31, hotplugCapable: false, hotplugAttribute: false,
    modelNames: [], targetOptions: ['pcihole64'], expressOnly: true, qemuDriver: null,
  },
  'pci-bridge': {
    model: 'pci-bridge', root: false, plugsAs: 'pci-bridge',
    accepts: ['pci-endpoint', 'pci-bridge'],
    // Slot 0 belongs to the SHPC.
    autoEndpoints: true, slotMin: 1, slotMax: 31, hotplugCapable: true, hotplugAttribute: false,
    modelNames: ['pci-bridge'], targetOptions: ['chassisNr'], expressOnly: false, qemuDriver: 'pci-bridge',
  },
  'dmi-to-pci-bridge': {
    model: 'dmi-to-pci-bridge', root: false, plugsAs: 'dmi-to-pci-bridge',
    accepts: ['pci-endpoint', 'pci-bridge'],
    autoEndpoints: false, slotMin: 0, slotMax: 31, hotplugCapable: false, hotplugAttribute: false,
    modelNames: ['i82801b11-bridge'], targetOptions: [], expressOnly: true, qemuDriver: 'i82801b11-bridge',
  },
  'pcie-to-pci-bridge': {
    model: 'pcie-to-pci-bridge', root: false, plugsAs: 'pcie-to-pci-bridge',
    accepts: ['pci-endpoint', 'pci-bridge'],
    autoEndpoints: true, slotMin: 1, slotMax: 31, hotplugCapable: true, hotplugAttribute: false,
    modelNames: ['pcie-pci-bridge'], targetOptions: [], expressOnly: true, qemuDriver: 'pcie-pci-bridge',
  },
  'pcie-root-port': {
    model: 'pcie-root-port', root: false, plugsAs: 'pcie-root-port',
    accepts: ['pcie-endpoint', 'pcie-switch-upstream-port', 'pcie-to-pci-bridge'],
    autoEndpoints: true, slotMin: 0, slotMax: 0, hotplugCapable: true, hotplugAttribute: true,
    modelNames: ['pcie-root-port', 'ioh3420'], targetOptions: ['chassis', 'port'], expressOnly: true,
    qemuDriver: 'pcie-root-port',
  },
  'pcie-switch-upstream-port': {
    model: 'pcie-switch-upstream-port', root: false, plugsAs: 'pcie-switch-upstream-port',
    accepts: ['pcie-switch-downstream-port'],
    autoEndpoints: true, slotMin: 0, slotMax: 31, hotplugCapable: false, hotplugAttribute: false,
    modelNames: ['x3130-upstream'], targetOptions: [], expressOnly: true, qemuDriver: 'x3130-upstream',
  },
  'pcie-switch-downstream-port': {
    model: 'pcie-switch-downstream-port', root: false, plugsAs: 'pcie-switch-downstream-port',
    accepts: ['pcie-endpoint', 'pcie-switch-upstream-port', 'pcie-to-pci-bridge'],
    autoEndpoints: true, slotMin: 0, slotMax: 0, hotplugCapable: true, hotplugAttribute: true,
    modelNames: ['xio3130-downstream'], targetOptions: ['chassis', 'port'], expressOnly: true,
    qemuDriver: 'xio3130-downstream',
  },
  'pci-expander-bus': {
    model: 'pci-expander-bus', root: false, plugsAs: 'pci-expander-bus',
    accepts: ['pci-endpoint', 'pci-bridge'],
    autoEndpoints: true, slotMin: 0, slotMax: 31, hotplugCapable: true, hotplugAttribute: false,
    modelNames: ['pxb'], targetOptions: ['busNr', 'node'], expressOnly: false, qemuDriver: 'pxb',
  },
  'pcie-expander-bus': {
    model: 'pcie-expander-bus', root: false, plugsAs: 'pcie-expander-bus',
    accepts: ['pcie-root-port', 'dmi-to-pci-bridge'],
    autoEndpoints: false, slotMin: 0, slotMax: 31, hotplugCapable: false, hotplugAttribute: false,
    modelNames: ['pxb-pcie'], targetOptions: ['busNr', 'node'], expressOnly: true, qemuDriver: 'pxb-pcie',
  },
};

export function isPciControllerModel(model: string | undefined): model is PciControllerModel {
  return model !== undefined && Object.prototype.hasOwnProperty.call(CONTROLLER_MODELS, model);
}

/** True for both endpoint types: the relaxation of `virDomainPCIAddressFlagsCompatible`, `src/conf/domain_addr.c:295` widens one to both. */
export function acceptsAnyEndpoint(accepts: readonly ConnectType[]): boolean {
  return accepts.some((t) => (ENDPOINTS as readonly string[]).includes(t));
}

/** Ports whose bus has exactly one slot (0) and whose child is hot-pluggable (libvirt `docs/pci-hotplug.rst`; QEMU `docs/pcie.txt` §5). */
export function isPcieHotplugPort(model: PciControllerModel): boolean {
  return model === 'pcie-root-port' || model === 'pcie-switch-downstream-port';
}
