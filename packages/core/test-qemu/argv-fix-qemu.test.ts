/**
 * Part 6(c) of issue 9: every fixed command line of fixtures/argv-fix starts
 * in real QEMU (paused, TCG, a private QMP socket) and takes a virtio NIC in
 * each spare root port the settings ask for. Run: npm run test:argv-fix-qemu.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_SETTINGS, freeHotplugPorts, graphFromText, parseCommandLine, predictPlacement } from '../src/index.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/argv-fix');
const fixed = readdirSync(fixtures).filter((f) => /\.fixed\.(args|sh)$/.test(f));
const required = DEFAULT_SETTINGS.spareRootPorts;
let tried = 0;
let succeeded = 0;

/** Options this harness sets itself, or that need host resources (images, sockets, displays). */
const DROPPED_WITH_VALUE = new Set(['-display', '-monitor', '-qmp', '-serial', '-chardev', '-netdev', '-vnc', '-spice', '-pidfile', '-name', '-accel']);
const DROPPED_FLAGS = new Set(['-S', '-nodefaults', '-no-user-config', '-enable-kvm', '-daemonize', '-nographic']);
/** Options without a value that the fixtures use (every other option takes the next word). */
const KEPT_FLAGS = new Set(['-no-shutdown', '-no-reboot', '-no-hpet', '-no-acpi', '-usb', '-snapshot']);

/** The command line's words as QEMU would get them, made runnable here: disks are null-co, no host resources. */
function runnableArgs(text: string): { binary: string; args: string[] } {
  const parsed = parseCommandLine(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const words = parsed.commandLine.args.map((w) => w.text);
  const args: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (DROPPED_FLAGS.has(w)) continue;
    if (DROPPED_WITH_VALUE.has(w)) { i++; continue; }
    if (w === '-drive') {
      const id = /(?:^|,)id=([^,]+)/.exec(words[++i])?.[1];
      if (id) args.push('-drive', `driver=null-co,if=none,id=${id}`);
      continue;
    }
    if ((w === '-machine' || w === '-M') && words[i + 1]) {
      args.push(w, words[++i].replace(/,accel=[^,]*/, ''));
      continue;
    }
    // Unexpanded shell ("$@", $DISK) and stray image names are not QEMU's business here.
    if (!w.startsWith('-')) continue;
    if (KEPT_FLAGS.has(w)) args.push(w);
    else args.push(w, words[++i]);
  }
  return { binary: basename(parsed.commandLine.program.text), args };
}

interface Started { readonly accepted: boolean; readonly stderr: string; readonly hotplugs: readonly (string | null)[] }

/** Starts QEMU paused under TCG with a private QMP socket, runs device_add for each hotplug, quits. */
async function qemuStart(binary: string, args: readonly string[], hotplugs: readonly object[]): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), 'pcilint-argv-fix-'));
  const sock = join(dir, 'qmp.sock');
  const child = spawn('timeout', ['-s', 'KILL', '30', binary, '-S', '-display', 'none', '-nodefaults', '-no-user-config', '-accel', 'tcg',
    '-qmp', `unix:${sock},server=on,wait=off`, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.on('exit', () => { exited = true; resolve(); }));
  try {
    const socket = await new Promise<Socket | null>((resolve) => {
      const attempt = () => {
        if (exited) return resolve(null);
        const s = connect(sock);
        s.once('connect', () => resolve(s));
        s.once('error', () => { s.destroy(); setTimeout(attempt, 25); });
      };
      attempt();
    });
    if (!socket) { await exit; return { accepted: false, stderr, hotplugs: [] }; }
    const replies: Record<string, unknown>[] = [];
    const waiting: ((m: Record<string, unknown> | null) => void)[] = [];
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      buffer += d;
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (!line) continue;
        const message = JSON.parse(line) as Record<string, unknown>;
        if ('event' in message) continue;
        const w = waiting.shift();
        if (w) w(message); else replies.push(message);
      }
    });
    socket.on('close', () => { for (const w of waiting.splice(0)) w(null); });
    const next = () => (replies.length ? Promise.resolve(replies.shift()!) : new Promise<Record<string, unknown> | null>((r) => waiting.push(r)));
    const command = (execute: string, args?: object) => { socket.write(JSON.stringify(args ? { execute, arguments: args } : { execute }) + '\n'); return next(); };
    await next(); // greeting
    const caps = await command('qmp_capabilities');
    if (!caps || 'error' in caps) { await exit; return { accepted: false, stderr, hotplugs: [] }; }
    const results: (string | null)[] = [];
    for (const h of hotplugs) {
      const r = await command('device_add', h);
      results.push(!r ? 'QMP connection closed' : 'error' in r ? String((r.error as { desc?: string }).desc) : null);
    }
    await command('quit');
    socket.destroy();
    await exit;
    return { accepted: true, stderr, hotplugs: results };
  } finally {
    if (!exited) child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const file of fixed) {
  test(`${file}: QEMU starts the fixed command line and hot-plugs a virtio NIC into each spare port`, async () => {
    const text = readFileSync(join(fixtures, file), 'utf8');
    const built = graphFromText(text);
    if (built.kind !== 'graph') throw new Error(`${file}: no graph`);
    const layout = built.graph.commandLine!;
    const free = freeHotplugPorts(predictPlacement(built.graph)).map((c) => layout.devices.find((d) => d.controllerIndex === c.index)?.id);
    assert.ok(free.length >= required, `${free.length} spare port(s), ${required} required`);
    const ports = free.slice(0, required);
    assert.ok(ports.every((id) => id), 'each spare port has an id to plug into');
    const hotplugs = ports.map((bus, i) => ({ driver: 'virtio-net-pci', id: `hotplug${i}`, bus }));
    const { binary, args } = runnableArgs(text);
    const started = await qemuStart(binary, args, hotplugs);
    assert.ok(started.accepted, `QEMU refused ${file}: ${started.stderr.trim()}`);
    tried += hotplugs.length;
    succeeded += started.hotplugs.filter((r) => r === null).length;
    assert.equal(started.hotplugs, hotplugs.map(() => null), 'every device_add succeeds');
  });
}

// The fixes matter: QEMU refuses these inputs as written.
const refusedAsWritten: readonly [string, string][] = [
  ['duplicate-chassis.args', "Can't add chassis slot"],
  // A command line gets no multifunction='on' from libvirt: QEMU refuses function 1 of a single-function slot.
  ['multifunction.args', "single function device can't be populated"],
  // Without chassis= both ports take QEMU's default chassis 0.
  ['default-chassis.args', "Can't add chassis slot"],
];
for (const [file, error] of refusedAsWritten) {
  test(`${file} as written: QEMU refuses it`, async () => {
    const { binary, args } = runnableArgs(readFileSync(join(fixtures, file), 'utf8'));
    const started = await qemuStart(binary, args, []);
    assert.not.ok(started.accepted);
    assert.match(started.stderr, error);
  });
}

test('hotplug counts', () => {
  console.log(`argv-fix QEMU hotplugs: ${succeeded} of ${tried} succeeded (${fixed.length} fixed command lines)`);
  assert.ok(tried >= fixed.length * required);
  assert.is(succeeded, tried);
});

test.run();
