// The file search: every way of naming files gives the same normalised absolute paths.
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findFiles } from '../src/files.js';
import { removeTree, tempTree } from './helpers.js';

const TREE = {
  'guests/a.xml': '<domain/>',
  'guests/sub/b.xml': '<domain/>',
  'guests/.hidden/c.xml': '<domain/>',
  'other/d.xml': '<domain/>',
};

test('directories, globs with . and .. segments, absolute globs and links all give normalised absolute paths', async () => {
  const root = tempTree(TREE);
  try {
    symlinkSync(path.join(root, 'other/d.xml'), path.join(root, 'guests/link.xml'));
    const guests = ['guests/.hidden/c.xml', 'guests/a.xml', 'guests/link.xml', 'guests/sub/b.xml'].map((f) => path.join(root, f));
    const search = (patterns: string[], cwd: string) => findFiles(patterns, { cwd, gitignore: false, errorOnUnmatchedPattern: true });

    assert.equal(await search(['.'], path.join(root, 'guests')), guests);
    assert.equal(await search(['guests'], root), guests);
    assert.equal(await search(['./guests/'], root), guests);
    assert.equal(await search(['guests/**/*.xml'], root), guests);
    assert.equal(await search([`${root}/guests/**/*.xml`], '/'), guests, 'an absolute glob');
    assert.equal(await search(['../guests/*.xml'], path.join(root, 'other')), [guests[1], guests[2]], 'a glob above the working directory');
    assert.equal(await search(['guests/sub/../*.xml'], root), [guests[1], guests[2]], 'a .. inside the glob');
    assert.equal(await search(['.'], `${root}/guests/`), guests, 'a working directory with a trailing slash');
    assert.equal(await search([path.join(root, 'other')], path.join(root, 'guests')), [path.join(root, 'other/d.xml')], 'a directory outside the working directory');
  } finally {
    removeTree(root);
  }
});

test.run();
