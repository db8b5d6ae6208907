import { spawnSync } from 'node:child_process';

export interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs a program without a shell; a hung child is killed after `timeoutMs`. */
export function run(program: string, args: readonly string[], timeoutMs = 60_000, input?: string): RunResult {
  const t0 = Date.now();
  const r = spawnSync(program, args, { encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', input, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? 124, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error.message) : ''), ms: Date.now() - t0 };
}

export const libvirtUri = (): string => process.env.PCILINT_ORACLE_URI ?? 'qemu:///system';

export function virsh(args: readonly string[], timeoutMs = 60_000): RunResult {
  return run('virsh', ['-q', '-c', libvirtUri(), ...args], timeoutMs);
}

/** libvirt's error text without virsh's "error: Failed to define domain from FILE" preamble. */
export function libvirtError(stderr: string): string {
  return stderr
    .split('\n')
    .map((l) => l.replace(/^error: /, '').trim())
    .filter((l) => l !== '' && !/^Failed to (define|start|attach)/.test(l))
    .join('\n');
}
