import { fileURLToPath } from 'node:url';
import { registerFixPairTests, test } from '@pcilint/rule-tester';
import pack from '../src/index.js';

/** Every fixable rule of the pack, each with before/after pairs in its fixture folder. */
registerFixPairTests(pack, fileURLToPath(new URL('../../../fixtures/rules/mach-virt/', import.meta.url)));
test.run();
