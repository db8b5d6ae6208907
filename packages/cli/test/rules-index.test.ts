import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_PACKS } from '../src/default-packs.js';
import { loadPacks } from '../src/pack-loader.js';
import { rulesIndexMarkdown } from '../src/rules-index.js';
import { repoRoot } from './helpers.js';

const indexDir = path.join(repoRoot, 'docs/rules');

test('docs/rules/README.md is what npm run docs:rules writes from the packs\' meta', async () => {
  const expected = rulesIndexMarkdown(await loadPacks(DEFAULT_PACKS, repoRoot), indexDir);
  const actual = readFileSync(path.join(indexDir, 'README.md'), 'utf8');
  assert.ok(actual === expected, 'docs/rules/README.md is out of date: run "npm run docs:rules" and commit the result');
});

test('the index lists every built-in rule once, linking the page its pack ships', async () => {
  const packs = await loadPacks(DEFAULT_PACKS, repoRoot);
  const text = rulesIndexMarkdown(packs, indexDir);
  for (const pack of packs) {
    assert.ok(text.includes(`\n## ${pack.name}\n\n${pack.description}.`), pack.name);
    for (const rule of pack.rules) {
      const name = rule.meta.id.slice(pack.name.length + 1);
      const row = `| [${rule.meta.id}](../../rules/${pack.name}/docs/${name}.md) | ${rule.meta.defaultSeverity} |`;
      assert.is(text.split(row).length, 2, row);
    }
  }
  // Descriptions quote elements; raw, a Markdown renderer would swallow them as HTML.
  assert.ok(text.includes('&lt;controller type=\'pci\'>'));
  assert.not.ok(text.includes('<controller'));
});

test.run();
