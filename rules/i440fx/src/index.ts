import { definePack, type Rule } from '@pcilint/core';
import bridgeOverflowPredicted from './rules/bridge-overflow-predicted.js';
import piix3SlotReserved from './rules/piix3-slot-reserved.js';
import piix3SlotShared from './rules/piix3-slot-shared.js';
import pxbBusNotHotpluggable from './rules/pxb-bus-not-hotpluggable.js';
import pxbPlacement from './rules/pxb-placement.js';
import rootHotplugOff from './rules/root-hotplug-off.js';

/**
 * A separate i440fx/no-pcie-controllers is not here: every case it
 * names is reported, once, by common/pcie-controllers-need-pcie-root.
 */
const rules: Rule[] = [
  piix3SlotReserved,
  piix3SlotShared,
  bridgeOverflowPredicted,
  pxbPlacement,
  pxbBusNotHotpluggable,
  rootHotplugOff,
];

/** Conventional PCI rules for the x86 i440fx (pc) machine type: `qemuDomainValidateDevicePCISlotsPIIX3`, `src/qemu/qemu_domain_address.c:1755`. */
export const pack = definePack({
  name: 'i440fx',
  description: 'Conventional PCI rules for the x86 i440fx (pc) machine type',
  families: ['i440fx'],
  rules,
  // Each rule's page, shipped in this package's docs/ (pcilint explain reads it there).
  docs: new URL('../docs/', import.meta.url),
});

export default pack;
