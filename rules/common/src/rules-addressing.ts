import type { Rule } from '@pcilint/core';
import addressBusExists from './rules/address-bus-exists.js';
import addressConflict from './rules/address-conflict.js';
import addressDomainZero from './rules/address-domain-zero.js';
import addressFieldRange from './rules/address-field-range.js';
import addressTypeSupported from './rules/address-type-supported.js';
import controllerIndexRules from './rules/controller-index-rules.js';
import controllerIndexUnique from './rules/controller-index-unique.js';
import controllerParentOrder from './rules/controller-parent-order.js';
import expanderNumaNode from './rules/expander-numa-node.js';
import hostdevUnique from './rules/hostdev-unique.js';
import integratedOnRoot from './rules/integrated-on-root.js';
import modelNameValid from './rules/model-name-valid.js';
import parentAcceptsChild from './rules/parent-accepts-child.js';
import pcieControllersNeedPcieRoot from './rules/pcie-controllers-need-pcie-root.js';
import portSlotZero from './rules/port-slot-zero.js';
import rootHasNoAddress from './rules/root-has-no-address.js';
import rootModelMatchesMachine from './rules/root-model-matches-machine.js';
import slotInBusRange from './rules/slot-in-bus-range.js';
import targetAttrApplicability from './rules/target-attr-applicability.js';
import targetAttrRange from './rules/target-attr-range.js';

/** Controllers, indexes, addresses and connection validity (brief §6.2 #1-22). */
export const addressingRules: Rule[] = [
  // Controllers and indexes
  rootModelMatchesMachine,
  controllerIndexRules,
  controllerIndexUnique,
  rootHasNoAddress,
  modelNameValid,
  targetAttrApplicability,
  targetAttrRange,
  controllerParentOrder,
  pcieControllersNeedPcieRoot,
  expanderNumaNode,
  // Addresses
  addressFieldRange,
  addressDomainZero,
  addressBusExists,
  addressConflict,
  slotInBusRange,
  portSlotZero,
  parentAcceptsChild,
  integratedOnRoot,
  addressTypeSupported,
  // Uniqueness
  hostdevUnique,
];
