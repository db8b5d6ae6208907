import { fileURLToPath } from 'node:url';
import { test } from '@pcilint/rule-tester';
import pack from '../src/index.js';
// The before/after harness lives with the common pack's tests (test code only, not part of either package).
import { registerFixPairTests } from '../../common/test/fix-pairs.js';

registerFixPairTests(pack, fileURLToPath(new URL('../../../fixtures/rules/i440fx/', import.meta.url)), ['i440fx/piix3-slot-reserved']);
test.run();
