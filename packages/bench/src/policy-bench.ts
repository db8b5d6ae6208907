import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeText, declarativeFindings, declarativePack, lintTextAsync, resolveConfig, type RulePack } from '@pcilint/core';
import { dataset } from './dataset.js';
import { fileURLToPath } from 'node:url';
import { pcilintBin, runPcilint, summarize, timeRun, type Sample } from './measure.js';
import { generatedPolicyPack } from './policy-pack.js';

/**
 * `npm run bench:policy -- [--count N] [--rules R] [--runs K] [--seed S]`
 *
 * The cost per guest of a declarative pack (issue 14 part 3): the real CLI
 * over N generated guests with the built-in packs, then the same run with a
 * generated pack of R declarative rules added; the difference divided by N.
 * Then the same in this process, without start-up and file reading: the
 * declarative step alone (facts built once per guest, one engine run per
 * guest, device and controller) per guest.
 */
const args = parseArgs(process.argv.slice(2));
const log = (line: string) => process.stderr.write(`bench:policy: ${line}\n`);

const data = dataset(args.count, args.seed);
const work = mkdtempSync(path.join(os.tmpdir(), 'pcilint-policy-bench-'));
try {
  const packFile = path.join(work, 'policy.json');
  writeFileSync(packFile, JSON.stringify(generatedPolicyPack(args.rules), null, 1));
  const without = path.join(work, 'without.json');
  const withPack = path.join(work, 'with.json');
  writeFileSync(without, JSON.stringify({}));
  writeFileSync(withPack, JSON.stringify({ packs: [packFile] }));
  const lint = (config: string) => ['--no-config-lookup', '--no-ignore', '--config', config, '.'];

  log(`${data.files.length} guests, ${args.rules} declarative rules, ${args.runs} runs each (alternating)`);
  const a: number[] = [];
  const b: number[] = [];
  const aCpu: number[] = [];
  const bCpu: number[] = [];
  for (let i = 0; i < args.runs; i++) {
    a.push(runPcilint(lint(without), data.dir));
    b.push(runPcilint(lint(withPack), data.dir));
    aCpu.push(cpuOfPcilint(lint(without), data.dir, work));
    bCpu.push(cpuOfPcilint(lint(withPack), data.dir, work));
  }
  const base = summarize(a);
  const policy = summarize(b);
  const baseCpu = summarize(aCpu);
  const policyCpu = summarize(bCpu);
  const cliPerGuest = ((policy.median - base.median) / data.files.length) * 1e6;
  const cpuPerGuest = ((policyCpu.median - baseCpu.median) / data.files.length) * 1e6;

  log('in process: the declarative step alone');
  const inProcess = await inProcessCost(packFile, data.files.map((f) => path.join(data.dir, f)));

  const fmt = (s: Sample) => `${s.median.toFixed(3)} s [${s.min.toFixed(3)}-${s.max.toFixed(3)}]`;
  console.log(`pcilint bench:policy: ${data.files.length} generated guests (seed ${args.seed}), ${args.rules} declarative rules, median [min-max] of ${args.runs} runs, Node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}`);
  console.log(`  CLI, built-in packs:               ${fmt(base)}`);
  console.log(`  CLI, built-in packs + ${args.rules} rules:    ${fmt(policy)}`);
  console.log(`  CLI wall cost of the pack/guest:   ${cliPerGuest.toFixed(0)} µs (${((policy.median / base.median - 1) * 100).toFixed(0)}% more)`);
  console.log(`  CLI CPU, built-in packs:           ${fmt(baseCpu)}`);
  console.log(`  CLI CPU, + ${args.rules} rules:              ${fmt(policyCpu)}`);
  console.log(`  CLI CPU cost of the pack/guest:    ${cpuPerGuest.toFixed(0)} µs (${((policyCpu.median / baseCpu.median - 1) * 100).toFixed(0)}% more)`);
  console.log(`  in process, declarative step:      ${inProcess.stepMicros.toFixed(0)} µs/guest (facts ${inProcess.factsMicros.toFixed(0)} µs; per guest ${inProcess.runs.toFixed(1)} engine runs, ${inProcess.evaluated.toFixed(0)} rule evaluations, ${inProcess.findings.toFixed(1)} findings)`);
  console.log(`  in process, lintTextAsync total:   ${inProcess.totalMicros.toFixed(0)} µs/guest (${inProcess.baseMicros.toFixed(0)} µs without the pack)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** CPU seconds (all threads) of one CLI run, measured inside it (cpu-probe.ts). */
function cpuOfPcilint(args: readonly string[], cwd: string, work: string): number {
  const file = path.join(work, 'cpu');
  const probe = fileURLToPath(new URL('./cpu-probe.js', import.meta.url));
  timeRun(process.execPath, ['--import', probe, pcilintBin, ...args], { cwd, okCodes: [0, 1], env: { ...process.env, PCILINT_BENCH_CPU_FILE: file } });
  return Number(readFileSync(file, 'utf8')) / 1e6;
}

async function inProcessCost(packFile: string, files: readonly string[]) {
  const builtIn = ['@pcilint/rules-common', '@pcilint/rules-q35', '@pcilint/rules-i440fx', '@pcilint/rules-pseries', '@pcilint/rules-mach-virt'];
  const packs = (await Promise.all(builtIn.map((n) => import(n)))).map((m) => m.default as RulePack);
  const policyPack = declarativePack(JSON.parse(readFileSync(packFile, 'utf8')), packFile);
  const withPolicy = resolveConfig([...packs, policyPack], []);
  const withoutPolicy = resolveConfig(packs, []);
  const texts = files.slice(0, 2000).map((f) => readFileSync(f, 'utf8'));
  const analyses = texts.flatMap((t) => {
    const a = analyzeText(t, withPolicy.settings);
    if (a.kind !== 'analysis') return [];
    void a.analysis.prediction; // placement is the linter's cost, not the policy's
    return [a.analysis];
  });
  const time = async (fn: () => Promise<void>) => {
    const samples: number[] = [];
    for (let i = 0; i < 4; i++) {
      const t0 = performance.now();
      await fn();
      if (i > 0) samples.push(performance.now() - t0);
    }
    return samples.sort((x, y) => x - y)[1];
  };
  // Counted, not timed: how many engine runs and rule evaluations a guest needs (json-rules-engine is
  // core's dependency; the count wraps its run() for this process only).
  const { Engine } = createRequire(import.meta.resolve('@pcilint/core'))('json-rules-engine') as { Engine: { prototype: { run: (...a: unknown[]) => Promise<unknown>; rules: unknown[] } } };
  const run = Engine.prototype.run;
  let runs = 0;
  let evaluated = 0;
  Engine.prototype.run = function (this: { rules: unknown[] }, ...a: unknown[]) {
    runs++;
    evaluated += this.rules.length;
    return run.apply(this, a);
  };
  for (const a of analyses) await declarativeFindings(a, withPolicy);
  Engine.prototype.run = run;
  let findings = 0;
  const step = await time(async () => {
    findings = 0;
    for (const a of analyses) findings += (await declarativeFindings(a, withPolicy)).length;
  });
  const { buildPolicyFacts } = await import('@pcilint/core');
  const facts = await time(async () => {
    for (const a of analyses) buildPolicyFacts(a);
  });
  const total = await time(async () => {
    for (const t of texts) await lintTextAsync(t, withPolicy, { computeFixes: false });
  });
  const baseTotal = await time(async () => {
    for (const t of texts) await lintTextAsync(t, withoutPolicy, { computeFixes: false });
  });
  const n = analyses.length;
  return {
    stepMicros: (step / n) * 1000,
    factsMicros: (facts / n) * 1000,
    runs: runs / n,
    evaluated: evaluated / n,
    findings: findings / n,
    totalMicros: (total / texts.length) * 1000,
    baseMicros: (baseTotal / texts.length) * 1000,
  };
}

function parseArgs(argv: readonly string[]): { count: number; rules: number; runs: number; seed: number } {
  const out = { count: 2000, rules: 100, runs: 3, seed: 42 };
  for (let i = 0; i < argv.length; i += 2) {
    const n = Number(argv[i + 1]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${argv[i]} needs a whole number`);
    switch (argv[i]) {
      case '--count': out.count = n; break;
      case '--rules': out.rules = n; break;
      case '--runs': out.runs = n; break;
      case '--seed': out.seed = n; break;
      default: throw new Error(`unknown argument ${argv[i]}; usage: npm run bench:policy -- [--count N] [--rules R] [--runs K] [--seed S]`);
    }
  }
  return out;
}
