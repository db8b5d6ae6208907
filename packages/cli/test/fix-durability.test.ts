// --fix never loses data (issue 12 part 4): the real bin is killed with SIGKILL at random moments
// while it fixes 300 files, many times; every file must then be byte-identical to its original or
// to its complete fixed version, and the temporary files a killed run leaves are removed by the
// next run. Two runs fixing the same files at once, and a disk that fills up, are tested too.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rng } from '@pcilint/live-oracle';
import { baseEnv, binPath, repoRoot } from './helpers.js';

const FILES = 300;
const KILLS = 25;
const fixDir = path.join(repoRoot, 'fixtures/fix');
// The byte-exact before/after pairs of fixtures/fix: what each file must be, whole, or not at all.
const pairs = readdirSync(fixDir)
  .filter((f) => f.endsWith('.fixed.xml'))
  .map((f) => ({ before: readFileSync(path.join(fixDir, f.replace('.fixed.xml', '.xml'))), after: readFileSync(path.join(fixDir, f)) }));

function fleet(): { dir: string; expected: Map<string, { before: Buffer; after: Buffer }> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pcilint-kill-'));
  const expected = new Map<string, { before: Buffer; after: Buffer }>();
  for (let i = 0; i < FILES; i++) {
    const pair = pairs[i % pairs.length]!;
    const name = `guest-${String(i).padStart(3, '0')}.xml`;
    writeFileSync(path.join(dir, name), pair.before);
    expected.set(name, pair);
  }
  return { dir, expected };
}

const args = (dir: string) => [binPath, '--no-config-lookup', '--no-color', '--fix', '--concurrency', 'off', dir];

/**
 * Starts a --fix of dir. `firstWrite` resolves when the run first creates or renames a file there
 * (inotify, through fs.watch); `exited` when it has exited, listened to from the start, so a run that
 * ends before its kill is not missed.
 */
function startFix(dir: string): { child: ChildProcess; firstWrite: Promise<void>; exited: Promise<void> } {
  const watcher = watch(dir);
  const firstWrite = new Promise<void>((resolve) => watcher.once('change', () => resolve()));
  const child = spawn(process.execPath, args(dir), { env: baseEnv(), stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => watcher.close());
  return { child, firstWrite, exited };
}

/** Every file whole (original or fixed); returns how many were fixed and the temporary files present. */
function check(dir: string, expected: Map<string, { before: Buffer; after: Buffer }>): { fixed: number; temporaries: string[] } {
  let fixed = 0;
  const temporaries: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.tmp')) {
      temporaries.push(name);
      continue;
    }
    const bytes = readFileSync(path.join(dir, name));
    const pair = expected.get(name)!;
    const whole = bytes.equals(pair.before) || bytes.equals(pair.after);
    assert.ok(whole, `${name} is neither the original nor the fixed file (${bytes.length} bytes)`);
    if (bytes.equals(pair.after) && !pair.after.equals(pair.before)) fixed++;
  }
  return { fixed, temporaries };
}

test('the fixture pairs are real fixes', () => {
  assert.ok(pairs.length >= 2);
  for (const p of pairs) assert.not.ok(p.before.equals(p.after));
});

test(`SIGKILL at ${KILLS} random moments of a --fix over ${FILES} files: no file torn, the next run sweeps what was left`, async () => {
  const random = rng(12);
  const { dir, expected } = fleet();
  try {
    // How long a run spends writing here (from its first file written to its exit), to spread the kills
    // over that: measured from the whole run, start-up and linting under a loaded CI took most of the
    // window and too few kills landed among the writes.
    const calibration = startFix(dir);
    await calibration.firstWrite;
    const writingFrom = Date.now();
    await calibration.exited;
    const writeMs = Date.now() - writingFrom;
    rmSync(dir, { recursive: true, force: true });
    let killedMidway = 0;
    for (let round = 0; round < KILLS; round++) {
      const { dir: d, expected: e } = fleet();
      try {
        const { child, firstWrite, exited } = startFix(d);
        await Promise.race([firstWrite, exited]);
        await sleep(Math.floor(random() * writeMs));
        child.kill('SIGKILL');
        await exited;
        const afterKill = check(d, e);
        if (afterKill.fixed > 0 && afterKill.fixed < FILES) killedMidway++;
        // A killed writer cannot clean up: its temporary names carry its pid, and the next run removes them.
        for (const t of afterKill.temporaries) assert.match(t, new RegExp(`^\\.guest-\\d{3}\\.xml\\.pcilint-${child.pid}-[0-9a-f]{12}\\.tmp$`));
        const rerun = spawnSync(process.execPath, args(d), { env: baseEnv(), encoding: 'utf8' });
        assert.is(rerun.status, 0, rerun.stderr);
        const final = check(d, e);
        assert.equal(final.temporaries, [], `round ${round}: temporary files left after the next run`);
        assert.is(final.fixed, FILES, `round ${round}: the next run fixes the rest`);
      } finally {
        rmSync(d, { recursive: true, force: true });
      }
    }
    // The kills must have landed while files were being written, or the test proved nothing.
    assert.ok(killedMidway >= KILLS / 3, `only ${killedMidway} of ${KILLS} kills landed mid-run (writing takes ${writeMs} ms)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('two --fix runs on the same files at once: every file whole and fixed, nothing left behind', async () => {
  const { dir, expected } = fleet();
  try {
    const run = () =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, args(dir), { env: baseEnv(), stdio: 'ignore' });
        child.once('exit', (code) => resolve(code));
      });
    const codes = await Promise.all([run(), run()]);
    // A file the other run changed first is reported, not overwritten ("changed on disk"): exit 0 or 1, never a crash.
    for (const code of codes) assert.ok(code === 0 || code === 1, `exit ${code}`);
    const after = check(dir, expected);
    assert.equal(after.temporaries, []);
    assert.is(after.fixed, FILES);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a disk that fills up while writing: the original stays intact and the failure is reported', () => {
  const mount = mkdtempSync(path.join(os.tmpdir(), 'pcilint-full-'));
  // A 64 KiB tmpfs (CI runs as root), then filled up so the temporary copy cannot be written.
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount], { encoding: 'utf8' });
  assert.is(mounted.status, 0, `mount tmpfs (needs root): ${mounted.stderr}`);
  try {
    const pair = pairs[0]!;
    const guest = path.join(mount, 'guest.xml');
    writeFileSync(guest, pair.before);
    const filler = Buffer.alloc(4096, 0x20);
    try {
      for (let i = 0; ; i++) writeFileSync(path.join(mount, `filler-${i}`), filler);
    } catch {
      // ENOSPC: the disk is full.
    }
    const run = spawnSync(process.execPath, [binPath, '--no-config-lookup', '--no-color', '--fix', guest], { env: baseEnv(), encoding: 'utf8' });
    assert.ok(readFileSync(guest).equals(pair.before), 'the original changed');
    assert.match(run.stderr, /guest\.xml: not fixed: .*(ENOSPC|no space left)/i);
    assert.match(run.stderr, /1 fixed file\(s\) could not be written/);
    assert.is(run.status, 2, run.stderr);
    assert.equal(readdirSync(mount).filter((f) => f.endsWith('.tmp')), []);
  } finally {
    spawnSync('umount', [mount]);
    rmSync(mount, { recursive: true, force: true });
  }
});

test.run();
