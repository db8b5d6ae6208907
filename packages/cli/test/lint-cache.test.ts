// The --cache store itself: when stat data may stand for a file's content, and what survives a save.
import path from 'node:path';
import type { LintResult, ResolvedConfig } from '@pcilint/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LintCache, type FileStats } from '../src/lint-cache.js';
import { removeTree, tempTree } from './helpers.js';

const config = { packs: [], ruleSettings: { 'common/chassis-unique': 'error' }, settings: {} } as unknown as ResolvedConfig;
const otherConfig = { packs: [], ruleSettings: { 'common/chassis-unique': 'off' }, settings: {} } as unknown as ResolvedConfig;
const result: LintResult = { messages: [{ ruleId: 'common/chassis-unique', severity: 2, message: 'planted', line: 3, column: 5 }] } as unknown as LintResult;
const NOW = 1_800_000_000_000;
const old: FileStats = { dev: 2049, ino: 1234, size: 3300, mtimeMs: NOW - 86_400_000, ctimeMs: NOW - 86_400_000 };

function withCache(run: (location: string) => void): void {
  const dir = tempTree();
  try {
    run(path.join(dir, 'cache.json'));
  } finally {
    removeTree(dir);
  }
}

test('content: recorded stat data give the result without the content; any moved field, or another configuration, does not', () => {
  withCache((location) => {
    const cache = new LintCache(location, 'content', '1.0.0', false, null, NOW);
    cache.set('/g/a.xml', 'hash-a', config, result, cache.statRecord(old));
    assert.equal(cache.getByStats('/g/a.xml', old, config), result);
    for (const field of ['dev', 'ino', 'size', 'mtimeMs', 'ctimeMs'] as const) {
      assert.is(cache.getByStats('/g/a.xml', { ...old, [field]: old[field] + 1 }, config), null, `${field} moved`);
    }
    assert.is(cache.getByStats('/g/a.xml', old, otherConfig), null, 'another configuration');
    assert.is(cache.getByStats('/g/b.xml', old, config), null, 'a file it never saw');
    assert.ok(cache.has('/g/a.xml'));
    assert.not.ok(cache.has('/g/b.xml'));
  });
});

test('content: a file changed within the racy window gets no stat record and must be hashed', () => {
  withCache((location) => {
    const cache = new LintCache(location, 'content', '1.0.0', false, null, NOW);
    const fresh = { ...old, mtimeMs: NOW - 500, ctimeMs: NOW - 500 };
    assert.is(cache.statRecord(fresh), undefined);
    cache.set('/g/a.xml', 'hash-a', config, result, cache.statRecord(fresh));
    assert.is(cache.getByStats('/g/a.xml', fresh, config), null);
    assert.equal(cache.get('/g/a.xml', 'hash-a', config, fresh), result, 'the content hash still matches');
    assert.is(cache.get('/g/a.xml', 'hash-b', config, fresh), null, 'another content');
  });
});

test('content: a hit by hash records the moved stat data, and they survive a save', () => {
  withCache((location) => {
    const first = new LintCache(location, 'content', '1.0.0', false, null, NOW);
    first.set('/g/a.xml', 'hash-a', config, result, first.statRecord(old));
    first.save();
    // Touched or checked out again: the same content under new stat data.
    const touched = { ...old, ino: 99, ctimeMs: old.ctimeMs + 60_000, mtimeMs: old.mtimeMs + 60_000 };
    const second = new LintCache(location, 'content', '1.0.0', false, null, NOW);
    assert.is(second.getByStats('/g/a.xml', touched, config), null);
    assert.equal(second.get('/g/a.xml', 'hash-a', config, touched), result);
    second.save();
    const third = new LintCache(location, 'content', '1.0.0', false, null, NOW);
    assert.equal(third.getByStats('/g/a.xml', touched, config), result);
    assert.is(third.getByStats('/g/a.xml', old, config), null, 'the old stat data no longer stand for it');
    const otherVersion = new LintCache(location, 'content', '1.0.1', false, null, NOW);
    assert.is(otherVersion.getByStats('/g/a.xml', touched, config), null, 'another pcilint version starts empty');
  });
});

test('metadata: size and mtime are the key, ctime and inode are not looked at', () => {
  withCache((location) => {
    const cache = new LintCache(location, 'metadata', '1.0.0', false, null, NOW);
    assert.is(cache.statRecord(old), undefined);
    cache.set('/g/a.xml', cache.keyOf('<domain/>', old), config, result);
    assert.equal(cache.getByStats('/g/a.xml', { ...old, ino: 7, ctimeMs: NOW }, config), result);
    assert.is(cache.getByStats('/g/a.xml', { ...old, mtimeMs: old.mtimeMs + 1 }, config), null);
    assert.is(cache.getByStats('/g/a.xml', { ...old, size: old.size + 1 }, config), null);
  });
});

test.run();
