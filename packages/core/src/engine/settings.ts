/**
 * Settings shared by all rules (brief §6.1 "Configuration knobs"). Rules read
 * them from the context; users set them under `settings` in configuration.
 */
export interface Settings {
  /** Required empty hotplug-capable PCIe ports (pcie-root machines). */
  readonly spareRootPorts: number;
  /** The user will hot-plug conventional PCI devices. */
  readonly expectLegacyHotplug: boolean;
  /** Number of 4 KiB IO windows above which common/io-space-budget warns... */
  readonly ioWindowWarn: number;
  /** ...and above which it reports exhaustion. */
  readonly ioWindowError: number;
  /**
   * QEMU capabilities libvirt probes (brief §2.1); all present since QEMU 4.2,
   * the oldest libvirt 9.0 supports, so they default on.
   */
  readonly caps: QemuCaps;
}

export interface QemuCaps {
  /** Generic `pcie-root-port` (else libvirt uses ioh3420). */
  readonly pcieRootPort: boolean;
  /** `pcie-pci-bridge` (else legacy devices go behind dmi-to-pci-bridge + pci-bridge). */
  readonly pciePciBridge: boolean;
  /** virtio-*-pci-(non-)transitional types (else virtio devices are placed as conventional PCI). */
  readonly virtioTransitional: boolean;
}

export const DEFAULT_CAPS: QemuCaps = { pcieRootPort: true, pciePciBridge: true, virtioTransitional: true };

export const DEFAULT_SETTINGS: Settings = {
  spareRootPorts: 1,
  expectLegacyHotplug: false,
  ioWindowWarn: 9,
  ioWindowError: 15,
  caps: DEFAULT_CAPS,
};

export const SETTINGS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    spareRootPorts: { type: 'integer', minimum: 0, maximum: 240 },
    expectLegacyHotplug: { type: 'boolean' },
    ioWindowWarn: { type: 'integer', minimum: 0 },
    ioWindowError: { type: 'integer', minimum: 0 },
    caps: {
      type: 'object',
      additionalProperties: false,
      properties: {
        pcieRootPort: { type: 'boolean' },
        pciePciBridge: { type: 'boolean' },
        virtioTransitional: { type: 'boolean' },
      },
    },
  },
} as const;
