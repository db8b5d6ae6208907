import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import common from '@pcilint/rules-common';
import i440fx from '@pcilint/rules-i440fx';
import machVirt from '@pcilint/rules-mach-virt';
import pseries from '@pcilint/rules-pseries';
import q35 from '@pcilint/rules-q35';
import { repoRoot } from './helpers.js';

/**
 * Every built-in rule has its page in its pack's package, rules/<pack>/docs/<rule>.md
 * (shipped: "files" lists docs/), which its meta.docs.url names as a file: URL,
 * with the sections a user looks for (issue 5).
 */
const SECTIONS = ['## What it detects', '## Why', '## Bad', '## Good', '## Options and settings'];

for (const pack of [common, q35, i440fx, pseries, machVirt]) {
  for (const rule of pack.rules) {
    const id = rule.meta.id;
    test(`${id}: docs page with every section, linked from meta.docs.url`, () => {
      const [packDir, name] = id.split('/');
      const page = path.join(repoRoot, 'rules', packDir!, 'docs', `${name}.md`);
      assert.ok(existsSync(page), `missing ${path.relative(repoRoot, page)}`);
      assert.is(fileURLToPath(rule.meta.docs.url), page);
      const text = readFileSync(page, 'utf8');
      assert.ok(text.startsWith(`# ${id}`), `${id}: title`);
      for (const section of SECTIONS) assert.ok(text.includes(section), `${id}: no "${section}"`);
      assert.ok(/## (Fix|No automatic fix)/.test(text) || text.includes('No automatic fix'), `${id}: no fix section`);
      assert.ok(text.includes('```xml'), `${id}: no XML example`);
    });
  }
}

test.run();
