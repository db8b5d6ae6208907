import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { graphFromText, lintText, parseXml, predictPlacement, resolveConfig, type DeviceGraph } from '@pcilint/core';
import common from '@pcilint/rules-common';
import q35 from '@pcilint/rules-q35';

/**
 * Measures, in one process and on the same inputs, the time to
 *   baseline: parse the XML (saxes + positioned tree),
 *   graph:    parse + build the device graph,
 *   lint:     lintText with the recommended config of the built-in packs,
 *   placement: predictPlacement on an already built graph,
 * and prints each as a ratio to the baseline, so figures compare across machines.
 * Usage: npm run bench -- [dir-or-file ...]   (default: fixtures/)
 */
const args = process.argv.slice(2);
const roots = args.length ? args : ['fixtures'];
const files = roots.flatMap((r) => collect(r));
const texts: string[] = [];
const graphs: DeviceGraph[] = [];
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const built = graphFromText(text);
  if (built.kind !== 'graph') continue;
  texts.push(text);
  graphs.push(built.graph);
}
if (texts.length === 0) {
  console.error('bench: no libvirt domain XML found in ' + roots.join(', '));
  process.exit(2);
}
const config = resolveConfig([common, q35], []);

function time(label: string, fn: () => void): number {
  for (let i = 0; i < 3; i++) fn(); // warm up the JIT
  const samples: number[] = [];
  for (let i = 0; i < 31; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  return median;
}

const baseline = time('parse', () => texts.forEach((t) => parseXml(t)));
const graph = time('graph', () => texts.forEach((t) => graphFromText(t)));
const lint = time('lint', () => texts.forEach((t) => lintText(t, config)));
const placement = time('placement', () => graphs.forEach((g) => predictPlacement(g)));
const perGuest = (ms: number) => `${((ms / texts.length) * 1000).toFixed(1)} µs/guest`;
const rows: [string, number][] = [
  ['parse XML (baseline)', baseline],
  ['parse + build graph', graph],
  ['lint (parse, graph, all rules)', lint],
  ['placement prediction (graph given)', placement],
];
console.log(`pcilint bench: ${texts.length} guests from ${roots.join(', ')}; median of 31 runs after 3 warm-ups`);
for (const [name, ms] of rows) {
  console.log(`  ${name.padEnd(36)} ${ms.toFixed(2).padStart(9)} ms  ${perGuest(ms).padStart(16)}  ${(ms / baseline).toFixed(2)}x baseline`);
}
console.log(`  placement adds ${((placement / lint) * 100).toFixed(1)}% to linting one guest`);

function collect(path: string): string[] {
  const s = statSync(path);
  if (s.isFile()) return path.endsWith('.xml') ? [path] : [];
  return readdirSync(path).flatMap((e) => (e === 'node_modules' ? [] : collect(join(path, e))));
}
