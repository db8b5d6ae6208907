// The bin as users get it: bin/pcilint.cjs running the start-up bundle from V8's code cache, and its
// standard output written with write(2) (standard-streams.ts).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { baseEnv, binPath, cliDir, fixture, removeTree, repoRoot, runBin, tempTree } from './helpers.js';

const GUESTS = [fixture('q35-pci-root.xml'), fixture('clean-q35.xml')];

test('the build leaves a code cache that this Node accepts', () => {
  const { code, stderr } = runBin(['--no-config-lookup', ...GUESTS], { env: { PCILINT_DEBUG_CODE_CACHE: '1' } });
  assert.is(code, 1);
  assert.is(stderr, 'pcilint: code cache accepted\n');
});

test('a copy of the package with a corrupt or no code cache compiles from source and reports the same', () => {
  const expected = runBin(['--no-config-lookup', '--format', 'json', ...GUESTS]);
  assert.is(expected.code, 1);
  // A relocated install: the package's bin and bundle, the repository's node_modules beside them.
  const dir = tempTree();
  try {
    const copy = path.join(dir, 'node_modules/pcilint');
    mkdirSync(copy, { recursive: true });
    for (const part of ['bin', 'bundle', 'package.json']) cpSync(path.join(cliDir, part), path.join(copy, part), { recursive: true });
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'));
    const cache = path.join(copy, 'bundle/pcilint.cjs.cache');
    const run = () =>
      spawnSync(process.execPath, [path.join(copy, 'bin/pcilint.cjs'), '--no-config-lookup', '--format', 'json', ...GUESTS], {
        cwd: repoRoot,
        env: baseEnv({ PCILINT_DEBUG_CODE_CACHE: '1' }),
        encoding: 'utf8',
      });
    writeFileSync(cache, 'not V8 cached data');
    const corrupt = run();
    assert.is(corrupt.stderr, 'pcilint: code cache rejected\n');
    assert.is(corrupt.status, 1);
    assert.is(corrupt.stdout, expected.stdout);
    rmSync(cache);
    const absent = run();
    assert.is(absent.stderr, 'pcilint: code cache absent\n');
    assert.is(absent.stdout, expected.stdout);
  } finally {
    removeTree(dir);
  }
});

test('a reader that leaves early (pcilint | head -c 10) is no error', () => {
  const many = Array.from({ length: 200 }, () => GUESTS).flat();
  const shell = spawnSync('sh', ['-c', `"${process.execPath}" "${binPath}" --no-config-lookup --format json "$@" | head -c 10`, 'sh', ...many], {
    env: baseEnv(),
    encoding: 'utf8',
  });
  assert.is(shell.stderr, '');
  assert.is(shell.stdout, '[{"filePat');
});

test('standard output left non-blocking by the parent (EAGAIN) still gets the whole report', () => {
  // 300 guests of JSON (about 1 MB) into a pipe whose reader waits a second: a full pipe on a
  // non-blocking descriptor makes write(2) fail with EAGAIN, and the rest must go through Node's stream.
  const dir = tempTree(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`g${i}.xml`, `${'<!-- padding -->\n'.repeat(100)}<domain type='kvm'><name>g${i}</name><os><type arch='x86_64' machine='pc-q35-7.2'>hvm</type></os><devices><controller type='pci' index='0' model='pci-root'/></devices></domain>\n`])));
  try {
    const python = `
import fcntl, os, subprocess, sys, time
r, w = os.pipe()
fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)
child = subprocess.Popen(sys.argv[1:], stdout=w)
os.close(w)
time.sleep(1)
data = b''
while True:
    chunk = os.read(r, 1 << 16)
    if not chunk:
        break
    data += chunk
sys.stdout.write(str(child.wait()) + ' ' + str(len(data)) + '\\n')
sys.stdout.flush()
os.write(2, data)
`;
    const args = [process.execPath, binPath, '--no-config-lookup', '--format', 'json', dir];
    const result = spawnSync('python3', ['-c', python, ...args], { env: baseEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const [status, length] = result.stdout.trim().split(' ').map(Number);
    assert.is(status, 1, result.stdout);
    const report = JSON.parse(result.stderr) as { filePath: string }[];
    assert.is(report.length, 300);
    assert.ok(length! > 1 << 16, `the report (${length} bytes) must overfill the pipe`);
    assert.is(length, Buffer.byteLength(result.stderr));
    const direct = runBin(['--no-config-lookup', '--format', 'json', dir]);
    assert.is(result.stderr, direct.stdout);
  } finally {
    removeTree(dir);
  }
});

test.run();
