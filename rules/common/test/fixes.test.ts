import { fileURLToPath } from 'node:url';
import { test } from '@pcilint/rule-tester';
import pack from '../src/index.js';
import { registerFixPairTests } from './fix-pairs.js';

/** The fixable rules, each with before/after pairs in its fixture folder. */
registerFixPairTests(pack, fileURLToPath(new URL('../../../fixtures/rules/common/', import.meta.url)), [
  'common/multifunction-off-with-functions',
  'common/multifunction-flag-missing',
  'common/chassis-unique',
  'common/spare-pcie-ports',
  'common/controller-index-gap',
  'common/pcihole64-machine',
  'common/qemu-capability',
  'common/address-empty-means-auto',
  'common/port-number-unique',
  'common/expander-busnr',
  'common/spare-legacy-slots',
  'common/zpci-ids',
]);
test.run();
