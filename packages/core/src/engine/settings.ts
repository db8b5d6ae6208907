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
}

export const DEFAULT_SETTINGS: Settings = {
  spareRootPorts: 1,
  expectLegacyHotplug: false,
  ioWindowWarn: 9,
  ioWindowError: 15,
};

export const SETTINGS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    spareRootPorts: { type: 'integer', minimum: 0, maximum: 240 },
    expectLegacyHotplug: { type: 'boolean' },
    ioWindowWarn: { type: 'integer', minimum: 0 },
    ioWindowError: { type: 'integer', minimum: 0 },
  },
} as const;
