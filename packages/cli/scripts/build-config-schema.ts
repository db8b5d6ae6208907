// Writes schema/pcilintrc.schema.json from the rule and settings schemas
// (npm run build:schema -w pcilint). test/config-schema.test.ts fails when the
// committed file is not what this writes.
import { writeFileSync } from 'node:fs';
import { builtinConfigSchemaText } from '../src/config-json-schema.js';

const target = new URL('../schema/pcilintrc.schema.json', import.meta.url);
writeFileSync(target, await builtinConfigSchemaText());
process.stdout.write(`wrote ${target.pathname}\n`);
