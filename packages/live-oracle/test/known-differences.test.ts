import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isKnown, loadKnownDifferences } from '../src/known-differences.js';

const known = loadKnownDifferences();

test('the list never grows past its threshold', () => {
  assert.ok(known.entries.length <= known.threshold, `${known.entries.length} entries, threshold ${known.threshold}`);
});

test('every entry names its class and the oracle evidence, and its pattern compiles', () => {
  for (const e of known.entries) {
    assert.ok(e.class.length > 20 && /virsh|attach-device|qemu|device_add/i.test(e.evidence), e.pattern);
    assert.not.throws(() => new RegExp(e.pattern));
  }
});

test('a listed disagreement is known, another measure or family is not', () => {
  const d = { guest: 'x', family: 'virt', measure: 'verdict' as const, detail: 'pcilint finds no error but libvirt define: unsupported configuration: USB is disabled for this domain, but USB devices are present in the domain XML' };
  assert.ok(isKnown(known, d));
  assert.not.ok(isKnown(known, { ...d, family: 'q35' }));
  assert.not.ok(isKnown(known, { ...d, measure: 'placement' }));
});

test.run();
