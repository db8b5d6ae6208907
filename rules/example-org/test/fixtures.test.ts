import { fileURLToPath } from 'node:url';
import { registerPackFixtureTests, test } from '@pcilint/rule-tester';
import pack from '../src/index.js';

/** Every rule of the pack, declarative and TypeScript: valid-*.xml give nothing, invalid-*.xml exactly their .expected.json. */
registerPackFixtureTests(pack, fileURLToPath(new URL('../../../fixtures/rules/example-org/', import.meta.url)));
test.run();
