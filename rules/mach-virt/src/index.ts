import { definePack, type Rule } from '@pcilint/core';
import dmiBridgeOnArm from './rules/dmi-bridge-on-arm.js';
import legacyHotplugNeedsBridge from './rules/legacy-hotplug-needs-bridge.js';
import legacyPciUncommon from './rules/legacy-pci-uncommon.js';
import noPciExpanderBus from './rules/no-pci-expander-bus.js';
import rootPortCapacity from './rules/root-port-capacity.js';
import virtioMmioBlocksPci from './rules/virtio-mmio-blocks-pci.js';
import virtioMmioIncompatibleDevice from './rules/virtio-mmio-incompatible-device.js';

/*
 * `qemuDomainSupportsPCI` (mach-virt/pcie-root-required) is not here: libvirt adds
 * pcie-root to every virt guest whose QEMU has GPEX (all QEMUs libvirt 9.0
 * supports), and the one way to write it away, a pci-root at index 0, is
 * common/root-model-matches-machine's (oracle: "The PCI controller with
 * index='0' must be model='pcie-root' for this machine type").
 * common/spare-pcie-ports already runs on every pcie-root machine.
 */
const rules: Rule[] = [
  noPciExpanderBus,
  rootPortCapacity,
  virtioMmioIncompatibleDevice,
  virtioMmioBlocksPci,
  legacyPciUncommon,
  dmiBridgeOnArm,
  legacyHotplugNeedsBridge,
];

/** PCI Express rules for the aarch64/riscv64 virt machine type: `qemuDomainAssignVirtioMMIOAddresses`, `src/qemu/qemu_domain_address.c:483`. */
export const pack = definePack({
  name: 'mach-virt',
  description: 'PCI Express rules for the aarch64/riscv64 virt machine type',
  families: ['virt'],
  rules,
  // Each rule's page, shipped in this package's docs/ (pcilint explain reads it there).
  docs: new URL('../docs/', import.meta.url),
});

export default pack;
