// Every reproducer the fuzzer saved (fixtures/fuzz-regressions/*.{xml,args,sh}, with the failure it
// showed in the .json beside it) runs through the same pipeline, within the same time bound.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { timeLimitMs } from '../src/case-runner.js';
import { fuzzConfig } from '../src/config.js';
import { exercise } from '../src/pipeline.js';

const dir = fileURLToPath(new URL('../../../fixtures/fuzz-regressions/', import.meta.url));
const config = fuzzConfig();
const reproducers = readdirSync(dir).filter((f) => /\.(xml|args|sh)$/.test(f)).sort();

test('the reproducer directory is there, each with its note', () => {
  for (const file of reproducers) JSON.parse(readFileSync(path.join(dir, file.replace(/\.\w+$/, '.json')), 'utf8'));
});

for (const file of reproducers) {
  test(`fuzz reproducer ${file}`, () => {
    const bytes = readFileSync(path.join(dir, file));
    const started = performance.now();
    const note = JSON.parse(readFileSync(path.join(dir, file.replace(/\.\w+$/, '.json')), 'utf8')) as { seedInput: string };
    exercise(bytes, note.seedInput, config);
    const ms = performance.now() - started;
    assert.ok(ms < timeLimitMs(bytes.length), `${ms.toFixed(0)} ms`);
  });
}

test.run();
