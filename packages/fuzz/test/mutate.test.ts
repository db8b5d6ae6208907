import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyMutations, MAX_CASE_BYTES, mutationArbitrary } from '../src/mutate.js';

const guest = Buffer.from("<domain type='kvm'><devices><controller type='pci' index='0' model='pcie-root'/><disk device='disk'/></devices></domain>");

test('mutations are data: the same mutations give the same bytes (a saved reproducer replays)', () => {
  const mutations = fc.sample(fc.array(mutationArbitrary, { minLength: 1, maxLength: 6 }), { seed: 7, numRuns: 50 });
  for (const m of mutations) assert.equal(applyMutations(guest, m), applyMutations(guest, m));
});

test('structure mutations do what they say', () => {
  assert.is(applyMutations(guest, [{ kind: 'attribute-value', which: 2, value: '256' }]).toString(), guest.toString().replace("index='0'", "index='256'"));
  assert.is(applyMutations(guest, [{ kind: 'element-copy', which: 1, times: 2 }]).toString().match(/<disk /g)?.length, 3);
  assert.not.ok(applyMutations(guest, [{ kind: 'element-drop', which: 1 }]).toString().includes('<disk'));
  assert.is(applyMutations(guest, [{ kind: 'truncate', at: 10 }]).length, 10);
});

test('no case grows past MAX_CASE_BYTES', () => {
  const huge = applyMutations(guest, Array.from({ length: 6 }, () => ({ kind: 'element-copy' as const, which: 0, times: 300 })));
  assert.ok(huge.length <= MAX_CASE_BYTES, String(huge.length));
});

test.run();
