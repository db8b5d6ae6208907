/**
 * Part 6(c) of issue 9: every fixed command line of fixtures/argv-fix starts
 * in real QEMU (paused, TCG, a private QMP socket) and takes a virtio NIC in
 * each spare root port the settings ask for. Run: npm run test:argv-fix-qemu.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SETTINGS, freeHotplugPorts, graphFromText, parseCommandLine, predictPlacement } from '@pcilint/core';
import { qemuStart as startQemu } from '@pcilint/live-oracle';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

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

/** The shared QMP harness, by the binary the command line names (qemu-system-ARCH). */
async function qemuStart(binary: string, args: readonly string[], hotplugs: readonly Record<string, unknown>[]) {
  const started = await startQemu(binary.replace(/^qemu-system-/, ''), args, hotplugs);
  return { accepted: started.accepted, stderr: started.error ?? '', hotplugs: started.hotplugs };
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
