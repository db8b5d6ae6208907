import { fileURLToPath } from 'node:url';
import { registerPackFixtureTests, test } from '@pcilint/rule-tester';
import pack from '../src/index.js';

registerPackFixtureTests(pack, fileURLToPath(new URL('../../../fixtures/rules/mach-virt/', import.meta.url)));
test.run();
