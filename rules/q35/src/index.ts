import { definePack, type Rule } from '@pcilint/core';
import chipsetSlotsReserved from './rules/chipset-slots-reserved.js';
import dmiBridgeNotHotpluggable from './rules/dmi-bridge-not-hotpluggable.js';
import legacyHotplugNeedsBridge from './rules/legacy-hotplug-needs-bridge.js';
import noPciExpanderBus from './rules/no-pci-expander-bus.js';
import noPiix3Functions from './rules/no-piix3-functions.js';
import rootPortCapacity from './rules/root-port-capacity.js';

const rules: Rule[] = [
  chipsetSlotsReserved,
  noPiix3Functions,
  noPciExpanderBus,
  rootPortCapacity,
  legacyHotplugNeedsBridge,
  dmiBridgeNotHotpluggable,
];

/** Rules for x86 q35 (PCI Express native): `qemuDomainValidateDevicePCISlotsQ35`, `src/qemu/qemu_domain_address.c:1865`. */
export const pack = definePack({
  name: 'q35',
  description: 'PCI Express topology rules for the x86 q35 machine type',
  families: ['q35'],
  rules,
  // Each rule's page, shipped in this package's docs/ (pcilint explain reads it there).
  docs: new URL('../docs/', import.meta.url),
});

export default pack;
