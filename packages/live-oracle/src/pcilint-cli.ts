import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './run.js';

/** The built CLI of this checkout: the oracle judges what users run. */
export const pcilintBin = resolve(dirname(fileURLToPath(import.meta.url)), '../../cli/bin/pcilint.cjs');

export interface PcilintVerdict {
  readonly exitCode: number;
  readonly errors: readonly { ruleId: string | null; message: string }[];
  readonly topology: TopologyJson | null;
  readonly topologyExitCode: number;
  /** Both runs' stderr (usage and input errors). */
  readonly stderr: string;
}

export interface TopologyAddress { domain: number; bus: number; slot: number; function: number }
export interface TopologyJson {
  controllers: { model: string; index: number; address: TopologyAddress | null; origin: string }[];
  devices: { kind: string; label: string; address: TopologyAddress | null; origin: string }[];
  free: { pciePorts: unknown[]; conventionalSlots: unknown[] };
  added: { model: string; index: number; address: TopologyAddress | null }[];
  error: unknown;
}

/** Lints and prints the topology of one guest through the real CLI. */
export function pcilint(xml: string, extraArgs: readonly string[] = []): PcilintVerdict {
  const dir = mkdtempSync(join(tmpdir(), 'pcilint-oracle-cli-'));
  try {
    const file = join(dir, 'guest.xml');
    writeFileSync(file, xml);
    const lint = run(process.execPath, [pcilintBin, '--format', 'json', ...extraArgs, file]);
    let results: { messages: { ruleId: string | null; message: string; severity: number }[] }[] = [];
    try { results = JSON.parse(lint.stdout); } catch { results = []; }
    const errors = results.flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => ({ ruleId: m.ruleId, message: m.message })));
    const topo = run(process.execPath, [pcilintBin, 'topology', '--format', 'json', ...extraArgs, file]);
    let topology: TopologyJson | null = null;
    try {
      const parsed = JSON.parse(topo.stdout) as TopologyJson | TopologyJson[];
      topology = Array.isArray(parsed) ? (parsed[0] ?? null) : parsed;
    } catch { topology = null; }
    return { exitCode: lint.status, errors, topology, topologyExitCode: topo.status, stderr: lint.stderr + topo.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
