/**
 * Connect types, after libvirt's virDomainPCIConnectFlags (src/conf/domain_addr.h). A device
 * may sit on a bus when the bus accepts at least one of the device's types.
 */
export type ConnectType =
  | 'pci-endpoint'
  | 'pcie-endpoint'
  | 'pcie-root-port'
  | 'pcie-switch-upstream-port'
  | 'pcie-switch-downstream-port'
  | 'dmi-to-pci-bridge'
  | 'pci-expander-bus'
  | 'pcie-expander-bus'
  | 'pci-bridge'
  | 'pcie-to-pci-bridge';

/**
 * What libvirt's error text calls each type ("It requires a controller that
 * accepts a %s": virDomainPCIConnectFlagsToString in src/conf/domain_addr.c).
 */
export const CONNECT_TYPE_LABEL: Record<ConnectType, string> = {
  'pci-endpoint': 'standard PCI device',
  'pcie-endpoint': 'PCI Express device',
  'pcie-root-port': 'pcie-root-port',
  'pcie-switch-upstream-port': 'pcie-switch-upstream-port',
  'pcie-switch-downstream-port': 'pcie-switch-downstream-port',
  'dmi-to-pci-bridge': 'dmi-to-pci-bridge',
  'pci-expander-bus': 'pci-expander-bus',
  'pcie-expander-bus': 'pcie-expander-bus',
  'pci-bridge': 'pci-bridge',
  'pcie-to-pci-bridge': 'pcie-to-pci-bridge',
};

/**
 * How an endpoint connects, in the classes of libvirt's
 * qemuDomainDeviceCalculatePCIConnectFlags (src/qemu/qemu_domain_address.c:593):
 * - `pci`: always conventional PCI;
 * - `pcie`: PCI Express on pcie-root machines, conventional elsewhere;
 * - `either`: virtio, which becomes Express behind a PCIe port and
 *   conventional on a conventional bus (libvirt places it like `pcie`);
 * - `integrated`: must sit on bus 0 (virtio-iommu);
 * - `none`: not a PCI device at all (USB, ISA, CCW, spapr-vio, ...).
 */
export type ConnectClass = 'pci' | 'pcie' | 'either' | 'integrated' | 'none';
