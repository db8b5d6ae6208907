#!/usr/bin/env node
/**
 * npm run test:oracle -- [--count N] [--seed S] [--report FILE]
 * For each generated guest, compares pcilint (through the real CLI) with live libvirt
 * and QEMU on three measures: verdict, placement, hotplug capacity. Fails on any
 * disagreement not listed in known-differences.json. Needs root and a running libvirtd
 * (.ci/virt-setup.sh).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { generateGuest, type Family } from './generator.js';
import { defineDomain, startAndHotplug } from './libvirt.js';
import { parseDumpXml } from './dumpxml.js';
import { pcilint } from './pcilint-cli.js';
import { libvirtPlacement, pcilintPlacement, placementDiff, promisedHotplug } from './compare.js';
import { loadKnownDifferences, isKnown, type Disagreement, type Measure } from './known-differences.js';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const count = opt('count', 24);
const seed = opt('seed', 1);
const reportIndex = argv.indexOf('--report');
const reportFile = reportIndex >= 0 ? argv[reportIndex + 1] : null;
// --progress FILE: one JSON line per guest as it finishes, so a long run can be read while it goes.
const progressIndex = argv.indexOf('--progress');
const progressFile = progressIndex >= 0 ? argv[progressIndex + 1] : null;

const known = loadKnownDifferences();
const nic = (model: string): string => `<interface type='user'><model type='${model}'/></interface>`;
const conventionalNic = (family: Family): string => nic(family === 'pseries' || family === 'virt' ? 'e1000' : 'e1000');

type Tally = Record<string, Record<Measure, { agree: number; known: number; disagree: number; na: number }>>;
const tally: Tally = {};
const bump = (family: string, measure: Measure, what: 'agree' | 'known' | 'disagree' | 'na'): void => {
  tally[family] ??= { verdict: { agree: 0, known: 0, disagree: 0, na: 0 }, placement: { agree: 0, known: 0, disagree: 0, na: 0 }, hotplug: { agree: 0, known: 0, disagree: 0, na: 0 } };
  tally[family][measure][what]++;
};
const unexplained: Disagreement[] = [];
const records: unknown[] = [];

let outcomes: Record<string, string> = {};
function judge(d: Disagreement | null, family: string, measure: Measure): void {
  outcomes[measure] = !d ? 'agree' : isKnown(known, d) ? 'known' : 'disagree';
  if (!d) return bump(family, measure, 'agree');
  if (isKnown(known, d)) return bump(family, measure, 'known');
  bump(family, measure, 'disagree');
  unexplained.push(d);
  process.stdout.write(`  ✘ ${d.guest} ${d.family} ${d.measure}: ${d.detail}\n`);
}

const t0 = Date.now();
for (let n = 0; n < count; n++) {
  const g = generateGuest(seed, n);
  outcomes = { verdict: 'na', placement: 'na', hotplug: 'na' };
  // libvirt runs on this host, so pcilint gets this host's facts (hostdevs, QEMU caps).
  const mine = pcilint(g.xml, ['--host-facts', 'sysfs']);
  const def = defineDomain(g.xml);
  // Only guests that can start here get a QEMU verdict and hotplug runs.
  const promised = mine.topology ? promisedHotplug(mine.topology) : { virtio: 0, conventional: 0 };
  const tries = [...Array(Math.min(promised.conventional + 1, 34)).fill(conventionalNic(g.family)), ...Array(Math.min(promised.virtio + 1, 34)).fill(nic('virtio'))];
  const live = def.accepted && g.startable ? startAndHotplug(g.xml, tries) : null;
  const refusal = !def.accepted ? `libvirt define: ${def.error}` : live && !live.started ? `start: ${live.error}` : null;
  const pcilintRefuses = mine.errors.length > 0;
  records.push({ guest: g.id, family: g.family, planted: g.plantedMistake, refusal, pcilintErrors: mine.errors });

  judge(pcilintRefuses === (refusal !== null) ? null : {
    guest: g.id, family: g.family, measure: 'verdict',
    detail: pcilintRefuses ? `pcilint errors (${mine.errors.map((e) => e.ruleId).join(', ')}) but libvirt/QEMU accept` : `pcilint finds no error but ${refusal}`,
  }, g.family, 'verdict');

  if (def.accepted && def.inactiveXml && mine.topology) {
    const diff = placementDiff(libvirtPlacement(parseDumpXml(def.inactiveXml)), pcilintPlacement(mine.topology));
    judge(diff.length === 0 ? null : { guest: g.id, family: g.family, measure: 'placement', detail: diff.join('; ') }, g.family, 'placement');
  } else bump(g.family, 'placement', 'na');

  if (live && live.started && mine.topology) {
    const conv = live.attaches.slice(0, Math.min(promised.conventional + 1, 34)).filter((a) => a.ok).length;
    const virtio = live.attaches.slice(Math.min(promised.conventional + 1, 34)).filter((a) => a.ok).length;
    const ok = conv === promised.conventional && virtio === promised.virtio;
    const lastError = live.attaches.filter((a) => !a.ok).map((a) => a.error).pop();
    judge(ok ? null : { guest: g.id, family: g.family, measure: 'hotplug', detail: `free promises ${promised.conventional} conventional + ${promised.virtio} virtio; attach-device --live accepted ${conv} + ${virtio} (${lastError ?? ''})` }, g.family, 'hotplug');
  } else bump(g.family, 'hotplug', 'na');
  if (progressFile) appendFileSync(progressFile, JSON.stringify({ guest: g.id, family: g.family, ...outcomes }) + '\n');
}

const seconds = ((Date.now() - t0) / 1000).toFixed(1);
process.stdout.write(`\nlive oracle: ${count} guests, seed ${seed}, ${seconds} s\n`);
process.stdout.write('family    measure    agree  known  disagree  n/a\n');
let total = 0, passed = 0;
for (const [family, measures] of Object.entries(tally).sort()) {
  for (const [measure, t] of Object.entries(measures)) {
    process.stdout.write(`${family.padEnd(9)} ${measure.padEnd(10)} ${String(t.agree).padStart(5)}  ${String(t.known).padStart(5)}  ${String(t.disagree).padStart(8)}  ${String(t.na).padStart(3)}\n`);
    total += t.agree + t.known + t.disagree;
    passed += t.agree + t.known;
  }
}
const thresholdOk = known.entries.length <= known.threshold;
if (!thresholdOk) process.stdout.write(`known-differences.json lists ${known.entries.length} entries, above its threshold ${known.threshold}\n`);
total += 1; passed += thresholdOk ? 1 : 0;
if (reportFile) writeFileSync(reportFile, JSON.stringify({ seed, count, tally, unexplained, records }, null, 2) + '\n');
process.stdout.write(`\n  Total:     ${total}\n  Passed:    ${passed}\n  Skipped:   0\n  Duration:  ${seconds}s\n`);
process.exitCode = unexplained.length === 0 && thresholdOk ? 0 : 1;
