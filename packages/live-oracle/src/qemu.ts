import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface QemuStartResult {
  readonly accepted: boolean;
  /** QEMU's stderr when it refused the command line. */
  readonly error: string | null;
  /** One per hotplug: null when device_add succeeded, else QEMU's error description. */
  readonly hotplugs: readonly (string | null)[];
}

export const qemuBinary = (arch: string): string => `qemu-system-${arch === 'ppc64le' ? 'ppc64' : arch}`;

/**
 * Starts QEMU stopped (-S) under TCG with a private QMP unix socket, then runs
 * device_add for each hotplug (QMP arguments) and quits. QEMU runs under
 * `timeout -s KILL` so a hung child never outlives the run.
 */
export async function qemuStart(arch: string, args: readonly string[], hotplugs: readonly Record<string, unknown>[] = [], timeoutSeconds = 30): Promise<QemuStartResult> {
  const dir = mkdtempSync(join(tmpdir(), 'pcilint-qemu-'));
  const sock = join(dir, 'qmp.sock');
  const child = spawn('timeout', ['-s', 'KILL', String(timeoutSeconds), qemuBinary(arch), '-S', '-display', 'none', '-nodefaults', '-no-user-config', '-accel', 'tcg',
    '-qmp', `unix:${sock},server=on,wait=off`, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 137)));
  try {
    const socket = await new Promise<import('node:net').Socket | null>((resolve) => {
      let done = false;
      exited.then(() => { if (!done) { done = true; resolve(null); } });
      const attempt = (): void => {
        if (done) return;
        const s = connect(sock);
        s.once('connect', () => { done = true; resolve(s); });
        s.once('error', () => { s.destroy(); setTimeout(attempt, 25); });
      };
      attempt();
    });
    if (!socket) {
      await exited;
      return { accepted: false, error: stderr.trim(), hotplugs: [] };
    }
    socket.setEncoding('utf8');
    let buffer = '';
    const waiting: ((m: Record<string, unknown> | null) => void)[] = [];
    const queue: Record<string, unknown>[] = [];
    socket.on('data', (d: string) => {
      buffer += d;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (!line) continue;
        const msg = JSON.parse(line) as Record<string, unknown>;
        if ('event' in msg) continue;
        const w = waiting.shift();
        if (w) w(msg); else queue.push(msg);
      }
    });
    // QEMU can accept the connection and then exit (a -device it refuses): a read after the close answers null, never waits.
    let closed = false;
    // A write to a QEMU that already exited fails with EPIPE: the close above answers the reads.
    socket.on('error', () => {});
    socket.on('close', () => { closed = true; for (const w of waiting.splice(0)) w(null); });
    const next = (): Promise<Record<string, unknown> | null> =>
      queue.length ? Promise.resolve(queue.shift()!) : closed ? Promise.resolve(null) : new Promise((resolve) => waiting.push(resolve));
    const command = (execute: string, args?: Record<string, unknown>): Promise<Record<string, unknown> | null> => {
      socket.write(JSON.stringify(args ? { execute, arguments: args } : { execute }) + '\n');
      return next();
    };
    await next(); // greeting: sent by the monitor thread before devices exist
    // The answer to qmp_capabilities is the sign that machine creation succeeded.
    const caps = await command('qmp_capabilities');
    if (!caps || 'error' in caps) {
      await exited;
      return { accepted: false, error: stderr.trim(), hotplugs: [] };
    }
    const results: (string | null)[] = [];
    for (const h of hotplugs) {
      const r = await command('device_add', h);
      results.push(!r ? 'connection closed' : 'error' in r ? String((r.error as { desc?: string }).desc ?? 'error') : null);
    }
    await command('quit');
    socket.destroy();
    await exited;
    return { accepted: true, error: null, hotplugs: results };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
