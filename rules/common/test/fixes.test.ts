import { fileURLToPath } from 'node:url';
import { test } from '@pcilint/rule-tester';
import pack from '../src/index.js';
import { registerFixPairTests } from './fix-pairs.js';

/** The fixable topology rules (common/multifunction-*, chassis-unique, spare-pcie-ports). */
registerFixPairTests(pack, fileURLToPath(new URL('../../../fixtures/rules/common/', import.meta.url)), [
  'common/multifunction-off-with-functions',
  'common/multifunction-flag-missing',
  'common/chassis-unique',
  'common/spare-pcie-ports',
]);
test.run();
