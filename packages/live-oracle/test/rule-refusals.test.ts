import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { pcilintBin } from '../src/pcilint-cli.js';

// Recorded by `node packages/live-oracle/dist/record-refusals.js` against libvirt 9.0 + QEMU 7.2:
// per error-severity rule, each invalid fixture and the refusal libvirt (define) or QEMU (start) gave.
const recorded = JSON.parse(readFileSync(new URL('../../../fixtures/live-oracle/rule-refusals.json', import.meta.url), 'utf8')) as Record<string, { fixture: string; refusedBy: string | null; text: string | null }[]>;
const rules = JSON.parse(spawnSync(process.execPath, [pcilintBin, '--list-rules', '--format', 'json'], { encoding: 'utf8' }).stdout) as { id: string; severity: string }[];
const errorRules = rules.filter((r) => r.severity === 'error').map((r) => r.id).sort();

// Error rules whose fixtures live libvirt and QEMU accept, and why the error stands.
const acceptedByTheOracle: Record<string, string> = {
  // Recorded: define accepted, QEMU 7.2 started it. The guest's firmware never scans a slot
  // without function 0, so the device is invisible: an error by what the user gets, not a refusal.
  'common/multifunction-function0-missing': 'QEMU 7.2 starts it; the guest cannot see the device',
};

test('every error-severity rule has recorded oracle runs of its invalid fixtures', () => {
  assert.equal(Object.keys(recorded).sort(), errorRules);
  for (const id of errorRules) assert.ok(recorded[id].length > 0, id);
});

test('every error-severity rule traces to a recorded refusal, except the listed ones', () => {
  const without = errorRules.filter((id) => !recorded[id].some((r) => r.refusedBy !== null));
  assert.equal(without, Object.keys(acceptedByTheOracle).sort());
  for (const id of errorRules) {
    for (const r of recorded[id]) {
      assert.ok(existsSync(new URL(`../../../${r.fixture}`, import.meta.url)), r.fixture);
      if (r.refusedBy) assert.ok((r.text ?? '').length > 10, `${r.fixture}: refusal text`);
    }
  }
});

test('a refusal libvirt gave names what the rule is about (sample)', () => {
  const conflict = recorded['common/address-conflict'].find((r) => r.refusedBy === 'define');
  assert.match(conflict?.text ?? '', /double use of PCI Address|already in use/i);
});

test.run();
