import type { Rule } from '@pcilint/core';
import addressBusExists from './rules/address-bus-exists.js';
import addressConflict from './rules/address-conflict.js';
import addressEmptyMeansAuto from './rules/address-empty-means-auto.js';
import addressDomainZero from './rules/address-domain-zero.js';
import addressFieldRange from './rules/address-field-range.js';
import addressTypeSupported from './rules/address-type-supported.js';
import controllerIndexGap from './rules/controller-index-gap.js';
import controllerIndexRules from './rules/controller-index-rules.js';
import controllerIndexUnique from './rules/controller-index-unique.js';
import controllerParentOrder from './rules/controller-parent-order.js';
import expanderBusnr from './rules/expander-busnr.js';
import expanderNumaNode from './rules/expander-numa-node.js';
import hostdevUnique from './rules/hostdev-unique.js';
import integratedOnRoot from './rules/integrated-on-root.js';
import archCatalogued from './rules/arch-catalogued.js';
import machineHasPci from './rules/machine-has-pci.js';
import machineTypeKnown from './rules/machine-type-known.js';
import modelNameValid from './rules/model-name-valid.js';
import parentAcceptsChild from './rules/parent-accepts-child.js';
import pcieControllersNeedPcieRoot from './rules/pcie-controllers-need-pcie-root.js';
import pcihole64Machine from './rules/pcihole64-machine.js';
import portSlotZero from './rules/port-slot-zero.js';
import qemuCapability from './rules/qemu-capability.js';
import rootHasNoAddress from './rules/root-has-no-address.js';
import rootModelMatchesMachine from './rules/root-model-matches-machine.js';
import slotInBusRange from './rules/slot-in-bus-range.js';
import targetAttrApplicability from './rules/target-attr-applicability.js';
import targetAttrRange from './rules/target-attr-range.js';
import zpciIds from './rules/zpci-ids.js';

/** Controllers, indexes, addresses and connection validity. */
export const addressingRules: Rule[] = [
  // Controllers and indexes
  rootModelMatchesMachine,
  controllerIndexRules,
  controllerIndexUnique,
  controllerIndexGap,
  rootHasNoAddress,
  modelNameValid,
  targetAttrApplicability,
  targetAttrRange,
  pcihole64Machine,
  qemuCapability,
  controllerParentOrder,
  pcieControllersNeedPcieRoot,
  expanderNumaNode,
  expanderBusnr,
  // Addresses
  addressFieldRange,
  addressDomainZero,
  addressBusExists,
  addressEmptyMeansAuto,
  addressConflict,
  slotInBusRange,
  portSlotZero,
  parentAcceptsChild,
  integratedOnRoot,
  addressTypeSupported,
  machineHasPci,
  machineTypeKnown,
  archCatalogued,
  // Uniqueness
  hostdevUnique,
  // s390x
  zpciIds,
];
