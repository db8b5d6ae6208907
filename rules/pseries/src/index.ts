import { definePack, type Rule } from '@pcilint/core';
import bridgeChassisUnique from './rules/bridge-chassis-unique.js';
import defaultPhbNoNuma from './rules/default-phb-no-numa.js';
import hostdevIsolation from './rules/hostdev-isolation.js';
import maxPhbs from './rules/max-phbs.js';
import noPciExpanderBus from './rules/no-pci-expander-bus.js';
import phbTargetIndex from './rules/phb-target-index.js';
import sparePhbForHostdevHotplug from './rules/spare-phb-for-hostdev-hotplug.js';

// PCI Express-only controllers on pseries are common/pcie-controllers-need-pcie-root's
// (libvirt's messages, oracle-checked), so this pack has no rule of its own for them.
const rules: Rule[] = [
  phbTargetIndex,
  defaultPhbNoNuma,
  maxPhbs,
  noPciExpanderBus,
  bridgeChassisUnique,
  hostdevIsolation,
  sparePhbForHostdevHotplug,
];

/** PHB and isolation rules for the ppc64 pseries machine type: `qemuDomainSetupIsolationGroups`, `src/qemu/qemu_domain_address.c:1416`. */
export const pack = definePack({
  name: 'pseries',
  description: 'PHB and isolation rules for the ppc64 pseries machine type',
  families: ['pseries'],
  rules,
  // Each rule's page, shipped in this package's docs/ (pcilint explain reads it there).
  docs: new URL('../docs/', import.meta.url),
});

export default pack;
