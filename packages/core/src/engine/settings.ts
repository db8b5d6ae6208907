/**
 * Settings shared by all rules. Rules read
 * them from the context; users set them under `settings` in configuration.
 */
export interface Settings {
  /** Required empty hotplug-capable PCIe ports (pcie-root machines). */
  readonly spareRootPorts: number;
  /** The user will hot-plug conventional PCI devices. */
  readonly expectLegacyHotplug: boolean;
  /**
   * Required free hotplug-capable conventional PCI slots; null means the
   * machine default (1 on i440fx, 0 elsewhere). See spareLegacySlotsFor.
   */
  readonly spareLegacySlots: number | null;
  /** Required empty non-default PHBs on pseries, one per IOMMU group to hot-plug. */
  readonly sparePHBs: number;
  /**
   * What pcilint cannot read from the XML about assigned host devices, keyed by
   * host PCI address `dddd:bb:ss.f`. The key `*` says what
   * to assume for a host device not listed (e.g. `{ "iommuGroup": null }`: libvirt
   * cannot read it, as on a host without that device). The CLI fills this from
   * `--host-facts sysfs|FILE`.
   */
  readonly hostdevs: Readonly<Record<string, HostdevFacts>>;
  /** Number of 4 KiB IO windows above which common/io-space-budget warns... */
  readonly ioWindowWarn: number;
  /** ...and above which it reports exhaustion. */
  readonly ioWindowError: number;
  /**
   * QEMU capabilities libvirt probes (`qemuDomainDeviceCalculatePCIConnectFlags`, `src/qemu/qemu_domain_address.c:593`); all present since QEMU 4.2,
   * the oldest libvirt 9.0 supports, so they default on.
   */
  readonly caps: QemuCaps;
}

export interface HostdevFacts {
  /**
   * The host device is PCI Express (libvirt reads this from sysfs). A device
   * libvirt cannot read counts as Express (oracle: a missing host device on q35
   * gets a pcie-root-port); a non-Express one goes behind a pcie-to-pci-bridge.
   */
  readonly express?: boolean;
  /**
   * The host IOMMU group; devices of one group must share a PHB on pseries. null:
   * libvirt cannot read the group, logs "device won't be isolated" and leaves
   * the device on PHB 0 with the emulated devices.
   */
  readonly iommuGroup?: number | null;
}

/** The `settings.hostdevs` key for host devices that are not listed. */
export const UNLISTED_HOSTDEV = '*';

export interface QemuCaps {
  /** Generic `pcie-root-port` (else libvirt uses ioh3420). */
  readonly pcieRootPort: boolean;
  /** `pcie-pci-bridge` (else legacy devices go behind dmi-to-pci-bridge + pci-bridge). */
  readonly pciePciBridge: boolean;
  /** virtio-*-pci-(non-)transitional types (else virtio devices are placed as conventional PCI). */
  readonly virtioTransitional: boolean;
  /** pcie-root-port's `hotplug` property (QEMU >= 6.2: `<target hotplug>` on ports). */
  readonly rootPortHotplugAttr: boolean;
  /** PIIX4 `acpi-root-pci-hotplug` (QEMU >= 5.2: `<target hotplug>` on i440fx pci-root). */
  readonly piix4RootHotplugAttr: boolean;
}

export const DEFAULT_CAPS: QemuCaps = {
  pcieRootPort: true,
  pciePciBridge: true,
  virtioTransitional: true,
  rootPortHotplugAttr: true,
  piix4RootHotplugAttr: true,
};

export const DEFAULT_SETTINGS: Settings = {
  spareRootPorts: 1,
  expectLegacyHotplug: false,
  spareLegacySlots: null,
  sparePHBs: 0,
  hostdevs: {},
  ioWindowWarn: 9,
  ioWindowError: 15,
  caps: DEFAULT_CAPS,
};

export const SETTINGS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    spareRootPorts: { description: 'Required empty hotplug-capable PCIe ports (pcie-root machines).', type: 'integer', minimum: 0, maximum: 240 },
    expectLegacyHotplug: { description: 'The user will hot-plug conventional PCI devices.', type: 'boolean' },
    spareLegacySlots: { description: 'Required free hotplug-capable conventional PCI slots; null: the machine default (1 on i440fx, 0 elsewhere).', type: ['integer', 'null'], minimum: 0, maximum: 256 },
    sparePHBs: { description: 'Required empty non-default PHBs on pseries, one per IOMMU group to hot-plug.', type: 'integer', minimum: 0, maximum: 30 },
    hostdevs: {
      description: 'Facts about assigned host devices by host address dddd:bb:ss.f ("*": any device not listed); pcilint --host-facts fills them.',
      type: 'object',
      propertyNames: { pattern: '^([0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]|\\*)$' },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          express: { type: 'boolean' },
          iommuGroup: { type: ['integer', 'null'], minimum: 0 },
        },
      },
    },
    ioWindowWarn: { description: 'Number of 4 KiB IO windows above which common/io-space-budget warns.', type: 'integer', minimum: 0 },
    ioWindowError: { description: 'Number of 4 KiB IO windows above which common/io-space-budget reports exhaustion.', type: 'integer', minimum: 0 },
    caps: {
      description: 'QEMU capabilities libvirt probes; all present since QEMU 4.2.',
      type: 'object',
      additionalProperties: false,
      properties: {
        pcieRootPort: { type: 'boolean' },
        pciePciBridge: { type: 'boolean' },
        virtioTransitional: { type: 'boolean' },
        rootPortHotplugAttr: { type: 'boolean' },
        piix4RootHotplugAttr: { type: 'boolean' },
      },
    },
  },
} as const;

/** The effective spareLegacySlots minimum for a machine family. */
export function spareLegacySlotsFor(settings: Settings, family: string): number {
  return settings.spareLegacySlots ?? (family === 'i440fx' ? 1 : 0);
}

/** The `dddd:bb:ss.f` key under which `settings.hostdevs` describes a host address. */
export function hostdevKey(address: { readonly domain: number; readonly bus: number; readonly slot: number; readonly function: number }): string {
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  return `${hex(address.domain, 4)}:${hex(address.bus, 2)}:${hex(address.slot, 2)}.${address.function}`;
}

/**
 * A pack's own settings, `settings[<pack name>]`: its defaultSettings with
 * what configurations set on top (validated by its settingsSchema). Empty
 * when the pack has none.
 */
export function packSettingsOf(settings: Settings, pack: string): Readonly<Record<string, unknown>> {
  const value = Object.hasOwn(settings, pack) ? (settings as unknown as Record<string, unknown>)[pack] : undefined;
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
