import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyOf, dataset } from './dataset.js';
import { stageShares } from './in-process.js';
import { commandExists, interleaved, peakRssOfPcilint, repeat, runPcilint, timeRun, UNSET_VARIABLES, type Sample } from './measure.js';

/**
 * `npm run bench -- [--count N] [--large N|0] [--runs R] [--seed S] [--json FILE]`
 *
 * Measures pcilint through the real CLI (packages/cli/bin/pcilint.cjs) on
 * generated guests against baselines run in the same process tree, and
 * prints each figure with its target (issue 11), met or not:
 * throughput against `xmllint --noout` (libxml2, parse only) and
 * `virt-xml-validate`; cold start against `node -e ""`; --fix; a --cache
 * re-run; peak RSS at N and at a large N; the in-process stage shares.
 */
const args = parseArgs(process.argv.slice(2));
const PACKS = ['@pcilint/rules-common', '@pcilint/rules-q35', '@pcilint/rules-i440fx', '@pcilint/rules-pseries', '@pcilint/rules-mach-virt'];
const LINT = ['--no-config-lookup', '--no-ignore', '.'];

interface Row {
  readonly name: string;
  readonly value: string;
  readonly baseline: string;
  readonly ratio: number | null;
  readonly target: string;
  readonly met: boolean | null;
}
const rows: Row[] = [];
const figures: Record<string, unknown> = { machine: machine(), count: args.count, seed: args.seed, runs: args.runs, unsetVariables: UNSET_VARIABLES };
const fmt = (s: Sample) => `${s.median.toFixed(3)} s [${s.min.toFixed(3)}-${s.max.toFixed(3)}]`;
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

log(`generating ${args.count} guests (seed ${args.seed})`);
const data = dataset(args.count, args.seed);
const mb = data.bytes / 1e6;
figures.dataset = { dir: data.dir, files: data.files.length, megabytes: mb };

log('throughput: pcilint vs xmllint --noout, in turns, after one untimed run of each (page cache, code cache)');
const hasXmllint = commandExists('xmllint');
const runLint = () => runPcilint(LINT, data.dir);
const runXmllint = () => timeRun('xmllint', ['--noout', ...data.files], { cwd: data.dir });
runLint();
if (hasXmllint) runXmllint();
const [lint, xmllint] = interleaved(args.runs, hasXmllint ? [runLint, runXmllint] : [runLint]) as [Sample, Sample | undefined];
figures.lint = lint;
if (xmllint) {
  figures.xmllint = xmllint;
  const ratio = xmllint.median / lint.median;
  rows.push({
    name: `throughput, ${data.files.length} guests`,
    value: `${fmt(lint)} = ${(data.files.length / lint.median).toFixed(0)} files/s, ${(mb / lint.median).toFixed(1)} MB/s`,
    baseline: `xmllint ${fmt(xmllint)}`,
    ratio,
    target: '>= 0.5x xmllint',
    met: ratio >= 0.5,
  });
} else {
  rows.push({ name: 'throughput', value: fmt(lint), baseline: 'xmllint not installed', ratio: null, target: '>= 0.5x xmllint', met: null });
}

if (commandExists('virt-xml-validate')) {
  log('virt-xml-validate on 200 files, one process each');
  const sample = data.files.slice(0, 200);
  const t0 = process.hrtime.bigint();
  for (const f of sample) timeRun('virt-xml-validate', [f, 'domain'], { cwd: data.dir, okCodes: [0, 1] });
  const perFile = Number(process.hrtime.bigint() - t0) / 1e9 / sample.length;
  const ratio = perFile / (lint.median / data.files.length);
  figures.virtXmlValidate = { secondsPerFile: perFile };
  rows.push({ name: 'per-file throughput vs virt-xml-validate', value: `${((lint.median / data.files.length) * 1000).toFixed(3)} ms/file`, baseline: `${(perFile * 1000).toFixed(1)} ms/file`, ratio, target: '>= 100x', met: ratio >= 100 });
}

// A tenth of a second each: enough runs, in turns, that one busy moment of the machine moves neither median.
const coldRuns = Math.max(21, args.runs * 7);
log(`cold start: pcilint one.xml vs node -e "", ${coldRuns} runs each in turns`);
const one = data.files[0];
const [cold, node] = interleaved(coldRuns, [() => runPcilint(['--no-config-lookup', one], data.dir), () => timeRun(process.execPath, ['-e', ''])]) as [Sample, Sample];
figures.coldStart = { pcilint: cold, node };
rows.push({ name: `cold start, one file (${cold.runs} runs each)`, value: fmt(cold), baseline: `node -e "" ${fmt(node)}`, ratio: cold.median / node.median, target: '<= 3x node', met: cold.median / node.median <= 3 });

log('--fix over a copy of the set');
const fix = repeat(Math.max(1, Math.floor(args.runs / 2)), () => runPcilint(['--fix', ...LINT], copyOf(data, 'fix').dir));
figures.fix = fix;
rows.push({ name: '--fix over the set', value: fmt(fix), baseline: `lint ${fmt(lint)}`, ratio: fix.median / lint.median, target: '(figure)', met: null });

log('--cache: first run, then the unchanged set again');
const cacheRuns: number[][] = [];
for (let i = 0; i < args.runs; i++) {
  const cacheFile = path.join(os.tmpdir(), `pcilint-bench-cache-${process.pid}-${i}`);
  const first = runPcilint(['--cache', '--cache-location', cacheFile, ...LINT], data.dir);
  const second = runPcilint(['--cache', '--cache-location', cacheFile, ...LINT], data.dir);
  cacheRuns.push([first, second]);
}
const cacheFirst = repeat(cacheRuns.length, (() => { let i = 0; return () => cacheRuns[i++][0]; })());
const cacheSecond = repeat(cacheRuns.length, (() => { let i = 0; return () => cacheRuns[i++][1]; })());
figures.cache = { first: cacheFirst, second: cacheSecond };
rows.push({ name: '--cache re-run, unchanged set', value: fmt(cacheSecond), baseline: `first ${fmt(cacheFirst)}`, ratio: cacheFirst.median / cacheSecond.median, target: '>= 10x faster', met: cacheFirst.median / cacheSecond.median >= 10 });

log('peak RSS');
const rss = peakRssOfPcilint(LINT, data.dir);
figures.peakRssMiB = { [args.count]: rss };
rows.push({ name: `peak RSS, ${data.files.length} guests`, value: `${rss.toFixed(0)} MiB`, baseline: '', ratio: null, target: '< 300 MiB', met: rss < 300 });
if (args.large > 0) {
  log(`generating ${args.large} guests for the large-N memory run (once; reused later)`);
  const large = dataset(args.large, args.seed);
  const rssLarge = peakRssOfPcilint(LINT, large.dir);
  (figures.peakRssMiB as Record<number, number>)[args.large] = rssLarge;
  rows.push({ name: `peak RSS, ${large.files.length} guests`, value: `${rssLarge.toFixed(0)} MiB`, baseline: `${rss.toFixed(0)} MiB at ${data.files.length}`, ratio: rssLarge / rss, target: '< 300 MiB', met: rssLarge < 300 });
}

log('in-process stage shares');
const shares = await stageShares(data, PACKS);
figures.stages = shares;
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
rows.push({ name: 'in-process stages of one guest', value: `${shares.perGuestMicros.toFixed(0)} µs/guest`, baseline: `parse ${pct(shares.parse)}, graph ${pct(shares.graph)}, placement ${pct(shares.placement)}, rules ${pct(shares.rules)}`, ratio: null, target: '(figure)', met: null });

printTable();
figures.rows = rows;
if (args.json) writeFileSync(args.json, JSON.stringify(figures, null, 2) + '\n');

function printTable(): void {
  console.log(`pcilint bench: ${data.files.length} generated guests (${mb.toFixed(1)} MB, seed ${args.seed}), median [min-max] of ${args.runs} runs, on ${machine()}; every command runs without ${UNSET_VARIABLES.join(' and ')}`);
  for (const r of rows) {
    const mark = r.met === null ? '     ' : r.met ? ' MET ' : ' MISS';
    const ratio = r.ratio === null ? '' : `${r.ratio >= 10 ? r.ratio.toFixed(0) : r.ratio.toFixed(2)}x`;
    console.log(`${mark} ${r.name}: ${r.value}${r.baseline ? ` | ${r.baseline}` : ''}${ratio ? ` | ratio ${ratio}` : ''} | target ${r.target}`);
  }
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} x ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

function parseArgs(argv: readonly string[]): { count: number; large: number; runs: number; seed: number; json: string | null } {
  const out = { count: 10_000, large: 100_000, runs: 5, seed: 42, json: 'bench-results.json' as string | null };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    const num = () => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${argv[i]} needs a whole number`);
      i++;
      return n;
    };
    switch (argv[i]) {
      case '--count': out.count = Math.max(1, num()); break;
      case '--large': out.large = num(); break;
      case '--runs': out.runs = Math.max(1, num()); break;
      case '--seed': out.seed = num(); break;
      case '--json': out.json = value === '-' ? null : value; i++; break;
      default: throw new Error(`unknown argument ${argv[i]}; usage: npm run bench -- [--count N] [--large N|0] [--runs R] [--seed S] [--json FILE|-]`);
    }
  }
  return out;
}
