#!/usr/bin/env node
/**
 * npm run fuzz -- [--runs N] [--seconds S] [--seed N] [--corpus DIR] [--save DIR]
 *
 * Mutates every fixture, generated guests and (when present) libvirt's test
 * data at the byte and the structure level with fast-check, and runs each
 * case through the whole pipeline on a worker (fuzz/pipeline.ts). A case
 * that throws, hangs past its time bound, exhausts its heap or gets a fix
 * that does not parse fails the run; fast-check shrinks it to the fewest
 * mutations and the reproducer is written to fixtures/fuzz-regressions/,
 * where test/regressions.test.ts keeps it fixed. Ends with uvu-style
 * "Total:/Passed:" lines (one check) for .ci/run.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { CaseRunner, type Verdict } from './case-runner.js';
import { applyMutations, mutationArbitrary, type Mutation } from './mutate.js';
import { loadSeeds } from './seeds.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1000' },
    seconds: { type: 'string' },
    seed: { type: 'string', default: '1' },
    corpus: { type: 'string', default: path.join(repoRoot, '../shared/corpus/libvirt-9.0.0') },
    save: { type: 'string', default: path.join(repoRoot, 'fixtures/fuzz-regressions') },
  },
});
const runs = Number(values.runs);
const seed = Number(values.seed);
const seconds = values.seconds === undefined ? undefined : Number(values.seconds);

const seeds = loadSeeds(repoRoot, values.corpus ?? null);
const runner = new CaseRunner(new URL('./case-worker.js', import.meta.url));
const depths = new Map<string, number>();
let cases = 0;
let lastFailure: { verdict: Verdict; bytes: Uint8Array; name: string } | null = null;

const property = fc.asyncProperty(
  fc.nat({ max: seeds.length - 1 }),
  fc.array(mutationArbitrary, { minLength: 1, maxLength: 6 }),
  async (seedIndex: number, mutations: Mutation[]) => {
    const input = seeds[seedIndex]!;
    const bytes = applyMutations(input.bytes, mutations);
    const verdict = await runner.run(bytes, input.name);
    cases++;
    if (verdict.kind === 'ok') {
      depths.set(verdict.depth, (depths.get(verdict.depth) ?? 0) + 1);
      return;
    }
    lastFailure = { verdict, bytes, name: input.name };
    throw new Error(describe(verdict));
  },
);

const started = Date.now();
const progress = setInterval(() => process.stderr.write(`fuzz: ${cases} cases, ${((Date.now() - started) / 1000).toFixed(0)} s\n`), 30_000);
progress.unref();
const details = await fc.check(property, {
  seed,
  numRuns: seconds === undefined ? runs : Number.MAX_SAFE_INTEGER,
  ...(seconds === undefined ? {} : { interruptAfterTimeLimit: seconds * 1000, markInterruptAsFailure: false }),
});
clearInterval(progress);
await runner.close();

const elapsed = ((Date.now() - started) / 1000).toFixed(1);
console.log(`fuzz: seed ${seed}, ${seeds.length} seed inputs, ${details.numRuns} cases run (${cases} with shrinking), ${elapsed} s`);
console.log(`fuzz: cases by depth: ${[...depths].sort().map(([d, n]) => `${d} ${n}`).join(', ')}`);
if (details.failed && details.counterexample) {
  const [seedIndex, mutations] = details.counterexample as [number, Mutation[]];
  const input = seeds[seedIndex]!;
  const bytes = applyMutations(input.bytes, mutations);
  const failure = lastFailure as { verdict: Verdict } | null;
  const saved = saveReproducer(values.save!, input.name, bytes, { seed, seedInput: input.name, mutations, failure: failure ? describe(failure.verdict) : String(details.errorInstance) });
  console.log(`fuzz: FAILED after ${details.numRuns} cases: ${failure ? describe(failure.verdict) : details.errorInstance}`);
  console.log(`fuzz: reproducer (shrunk to ${mutations.length} mutation(s) of ${input.name}) saved as ${path.relative(process.cwd(), saved)}`);
  console.log('Total:     1\nPassed:    0');
  process.exit(1);
}
console.log(`fuzz: no failure in ${details.numRuns} cases`);
console.log('Total:     1\nPassed:    1');

function describe(verdict: Verdict): string {
  switch (verdict.kind) {
    case 'ok':
      return 'ok';
    case 'exception':
      return `uncaught ${verdict.error}${verdict.stack ? `\n${verdict.stack.split('\n').slice(1, 6).join('\n')}` : ''}`;
    case 'timeout':
      return `no answer within ${verdict.limitMs.toFixed(0)} ms`;
    case 'out-of-memory':
      return `heap exhausted (${verdict.heapMb} MB allowed for its size)`;
  }
}

function saveReproducer(dir: string, seedName: string, bytes: Uint8Array, note: object): string {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const extension = /\.(xml|args|sh)$/.exec(seedName)?.[0] ?? '.xml';
  const name = createHash('sha1').update(bytes).digest('hex').slice(0, 12);
  const file = path.join(dir, `${name}${extension}`);
  writeFileSync(file, bytes);
  writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(note, null, 2)}\n`);
  return file;
}
