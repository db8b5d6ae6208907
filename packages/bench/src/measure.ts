import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Sample {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export function summarize(values: readonly number[]): Sample {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/**
 * Variables left out of every measured command's environment, pcilint's and
 * the baselines' alike. NODE_EXTRA_CA_CERTS makes every Node process read a
 * certificate bundle at start-up (50 ms on the machine of the last run, more
 * than `node -e ""` itself), which would flatter the cold-start ratio;
 * NODE_OPTIONS could change either side.
 */
export const UNSET_VARIABLES = ['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS'] as const;
const benchEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !(UNSET_VARIABLES as readonly string[]).includes(key)));

/** Wall time (s) of one run of a command; throws when it fails to start or exits abnormally. */
export function timeRun(command: string, args: readonly string[], options: SpawnSyncOptions & { okCodes?: readonly number[] } = {}): number {
  const t0 = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024, ...options, env: { ...benchEnv, ...options.env } });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (result.error) throw result.error;
  const ok = options.okCodes ?? [0];
  if (result.status === null || !ok.includes(result.status)) {
    throw new Error(`${command} ${args.slice(0, 3).join(' ')}... exited ${result.status ?? result.signal}: ${String(result.stderr).slice(0, 500)}`);
  }
  return seconds;
}

/**
 * Runs several commands in turns (a b a b ...), `runs` times each: a command and its baseline see
 * the same moments of a noisy machine instead of one getting the quiet minute and the other the busy one.
 */
export function interleaved(runs: number, fns: readonly (() => number)[]): Sample[] {
  const values: number[][] = fns.map(() => []);
  for (let i = 0; i < runs; i++) fns.forEach((fn, k) => values[k]!.push(fn()));
  return values.map(summarize);
}

export function repeat(runs: number, fn: () => number): Sample {
  const values: number[] = [];
  for (let i = 0; i < runs; i++) values.push(fn());
  return summarize(values);
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const pcilintBin = path.join(repoRoot, 'packages/cli/bin/pcilint.cjs');
const probe = path.join(path.dirname(fileURLToPath(import.meta.url)), 'rss-probe.js');

/** Runs the real CLI; exit 0 and 1 (findings) both count as success. */
export function runPcilint(args: readonly string[], cwd: string): number {
  return timeRun(process.execPath, [pcilintBin, ...args], { cwd, okCodes: [0, 1] });
}

/** Peak RSS (MiB) of one CLI run, measured inside that process. */
export function peakRssOfPcilint(args: readonly string[], cwd: string): number {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pcilint-rss-'));
  const file = path.join(dir, 'rss');
  try {
    timeRun(process.execPath, ['--import', probe, pcilintBin, ...args], { cwd, okCodes: [0, 1], env: { PCILINT_BENCH_RSS_FILE: file } });
    return Number(readFileSync(file, 'utf8')) / 1024;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function commandExists(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}
