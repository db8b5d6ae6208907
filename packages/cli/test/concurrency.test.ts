// --concurrency through the real bin (workers load dist/lint-worker.js).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { removeTree, repoRoot, runBin, tempTree } from './helpers.js';

const guests = ['fixtures/fix/q35-tabs-crlf-bom.xml', 'fixtures/fix/q35-no-addresses.xml', 'fixtures/examples/i440fx-legacy.xml'].map((f) =>
  readFileSync(path.join(repoRoot, f), 'utf8'),
);

test('worker threads give the same report, in the same order, as the main thread', () => {
  const files = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`g${String(i).padStart(2, '0')}.xml`, guests[i % guests.length]]));
  const dir = tempTree(files);
  try {
    const off = runBin(['--no-config-lookup', '--concurrency', 'off', '--format', 'json', dir], { cwd: dir });
    const threads = runBin(['--no-config-lookup', '--concurrency', '2', '--format', 'json', dir], { cwd: dir });
    assert.is(threads.code, off.code);
    assert.is(threads.stdout, off.stdout);
    assert.is(JSON.parse(off.stdout).length, 70);
    const fixed = runBin(['--no-config-lookup', '--concurrency', '2', '--fix', dir], { cwd: dir });
    assert.match(fixed.stderr, /Fixed \d+ problems in \d+ files/);
    assert.is(readFileSync(path.join(dir, 'g00.xml'), 'utf8'), readFileSync(path.join(repoRoot, 'fixtures/fix/q35-tabs-crlf-bom.fixed.xml'), 'utf8'));
    const bad = runBin(['--concurrency', 'many', dir], { cwd: dir });
    assert.is(bad.code, 2);
    assert.match(bad.stderr, /--concurrency expects auto, off or a number/);
  } finally {
    removeTree(dir);
  }
});

test('a file too big for a worker heap is linted in the main thread; the report is the same', () => {
  const files = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`g${String(i).padStart(2, '0')}.xml`, guests[i % guests.length]]));
  const small = guests[1];
  const at = small.indexOf('<devices>');
  // 80 MB of comment: more than a worker's 96 MB heap holds once parsed, nothing for the main thread.
  files['zz-big.xml'] = `${small.slice(0, at)}<!-- ${'x'.repeat(80_000_000)} -->\n${small.slice(at)}`;
  const dir = tempTree(files);
  try {
    // stylish: json would print the 80 MB source back.
    // Above the default 10 MiB limit: raised, as a user with such a file would.
    const threads = runBin(['--no-config-lookup', '--no-color', '--max-file-size', '100M', '--concurrency', '2', dir], { cwd: dir });
    const off = runBin(['--no-config-lookup', '--no-color', '--max-file-size', '100M', '--concurrency', 'off', dir], { cwd: dir });
    assert.is(threads.stderr, '');
    assert.is(threads.code, off.code);
    assert.is(threads.stdout, off.stdout);
    assert.ok(threads.stdout.includes(`${path.join(dir, 'zz-big.xml')}\n`), 'the big file is reported');
  } finally {
    removeTree(dir);
  }
});

test.run();
