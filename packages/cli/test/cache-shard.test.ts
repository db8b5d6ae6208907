// --cache and --shard through main().
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RACY_MS } from '../src/lint-cache.js';
import { parseJsonOutput, removeTree, repoRoot, runMain, tempTree } from './helpers.js';

const guest = readFileSync(path.join(repoRoot, 'fixtures/fix/q35-tabs-crlf-bom.xml'), 'utf8');

test('--cache: an unchanged set gives the same report from the cache; edits and config changes are seen', async () => {
  const dir = tempTree({ 'a.xml': guest, 'b.xml': guest });
  try {
    const cacheFile = path.join(dir, 'cache.json');
    const run = (...extra: string[]) => runMain(['--no-config-lookup', '--cache', '--cache-location', cacheFile, '--format', 'json', ...extra, dir], { cwd: dir });
    const first = await run();
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: Record<string, unknown> };
    assert.equal(Object.keys(cached.entries).sort(), [path.join(dir, 'a.xml'), path.join(dir, 'b.xml')]);
    const second = await run();
    assert.is(second.stdout, first.stdout);
    assert.is(second.code, first.code);

    // A result that only the cache could give proves it is read: plant one.
    const planted = JSON.parse(readFileSync(cacheFile, 'utf8'));
    planted.entries[path.join(dir, 'a.xml')].result.messages = [];
    writeFileSync(cacheFile, JSON.stringify(planted));
    const fromCache = parseJsonOutput((await run()).stdout);
    assert.is(fromCache[0].messages.length, 0, 'a.xml came from the cache');

    writeFileSync(path.join(dir, 'a.xml'), guest.replace('tabs-crlf-bom', 'renamed'));
    const edited = parseJsonOutput((await run()).stdout);
    assert.ok(edited[0].messages.length > 0, 'an edited file is linted again');

    const ruleOff = parseJsonOutput((await run('--rule', 'common/chassis-unique: off')).stdout);
    assert.not.ok(ruleOff[1].messages.some((m) => m.ruleId === 'common/chassis-unique'), 'another configuration is another key');

    writeFileSync(cacheFile, '{ torn');
    const afterCorrupt = await run();
    assert.is(afterCorrupt.code, first.code, 'a corrupt cache is ignored');
    JSON.parse(readFileSync(cacheFile, 'utf8'));
  } finally {
    removeTree(dir);
  }
});

test('--cache: a settled file is taken from its stat data, and an edit that keeps its size, inode and mtime is still seen', async () => {
  const dir = tempTree({ 'a.xml': guest });
  try {
    const file = path.join(dir, 'a.xml');
    const cacheFile = path.join(dir, 'cache.json');
    // stylish: a format that shows no source, so the file need not be read when its stat data match.
    const run = async () => (await runMain(['--no-config-lookup', '--cache', '--cache-location', cacheFile, dir], { cwd: dir })).stdout;
    // Older than the racy window: the first run records the file's stat data.
    await sleep(RACY_MS + 200);
    const first = await run();
    assert.match(first, /chassis 1, like/);
    const entry = (JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: Record<string, { stat?: string }> }).entries[file];
    assert.type(entry?.stat, 'string', 'stat data recorded for a settled file');
    assert.is(await run(), first);

    // Same size and inode, mtime put back to the nanosecond (touch -r): only the ctime, which no program can set back, shows the edit.
    const before = statSync(file, { bigint: true });
    const reference = path.join(dir, 'times');
    execFileSync('touch', ['-r', file, reference]);
    writeFileSync(file, guest.replace('chassis="1"    port', 'chassis="7"    port'));
    execFileSync('touch', ['-r', reference, file]);
    const after = statSync(file, { bigint: true });
    assert.equal([after.size, after.ino, after.mtimeNs], [before.size, before.ino, before.mtimeNs]);
    // Past the racy window again, so that only the recorded ctime can tell.
    await sleep(RACY_MS + 200);
    const edited = await run();
    assert.not.match(edited, /chassis 1, like/, 'the edit is linted: the duplicate chassis is gone');
    assert.match(edited, /spare-pcie-ports/);
  } finally {
    removeTree(dir);
  }
});

test('--shard i/n: shares are disjoint and together cover every file; bad values are usage errors', async () => {
  const files = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`g${i}.xml`, guest]));
  const dir = tempTree(files);
  try {
    const seen: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const { stdout } = await runMain(['--no-config-lookup', '--shard', `${i}/3`, '--format', 'json', dir], { cwd: dir });
      seen.push(...parseJsonOutput(stdout).map((r) => path.basename(r.filePath)));
    }
    assert.equal(seen.sort(), Object.keys(files).sort());
    for (const bad of ['0/3', '4/3', '1/0', 'x']) {
      const { code, stderr } = await runMain(['--shard', bad, dir], { cwd: dir });
      assert.is(code, 2, bad);
      assert.match(stderr, /--shard expects I\/N/);
    }
  } finally {
    removeTree(dir);
  }
});

test.run();
