import type { Rule } from '@pcilint/core';
import bridgeChassisnrUnique from './rules/bridge-chassisnr-unique.js';
import busNumberBudget from './rules/bus-number-budget.js';
import chassisUnique from './rules/chassis-unique.js';
import endpointNotHotpluggable from './rules/endpoint-not-hotpluggable.js';
import ioSpaceBudget from './rules/io-space-budget.js';
import legacyEndpointOnPciePort from './rules/legacy-endpoint-on-pcie-port.js';
import multifunctionFlagMissing from './rules/multifunction-flag-missing.js';
import multifunctionFunction0Missing from './rules/multifunction-function0-missing.js';
import multifunctionOffWithFunctions from './rules/multifunction-off-with-functions.js';
import multifunctionUnplug from './rules/multifunction-unplug.js';
import pcieEndpointOnConventionalBus from './rules/pcie-endpoint-on-conventional-bus.js';
import portNumberUnique from './rules/port-number-unique.js';
import spareLegacySlots from './rules/spare-legacy-slots.js';
import sparePciePorts from './rules/spare-pcie-ports.js';
import virtioModelVsSlot from './rules/virtio-model-vs-slot.js';

/** Multifunction, uniqueness, PCI vs PCIe placement, hotplug and capacity. */
export const topologyRules: Rule[] = [
  multifunctionFunction0Missing,
  multifunctionOffWithFunctions,
  multifunctionFlagMissing,
  multifunctionUnplug,
  chassisUnique,
  portNumberUnique,
  bridgeChassisnrUnique,
  pcieEndpointOnConventionalBus,
  legacyEndpointOnPciePort,
  virtioModelVsSlot,
  endpointNotHotpluggable,
  sparePciePorts,
  spareLegacySlots,
  ioSpaceBudget,
  busNumberBudget,
];
