import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { removeTree, repoRoot, runMain, tempTree } from './helpers.js';

/**
 * docs/writing-packs.md quotes files that the packaging suite installs and
 * runs (fixtures/packaging/acme/) and a loader error: both must stay what
 * the code does, so the page is checked against them here.
 */
const page = readFileSync(path.join(repoRoot, 'docs/writing-packs.md'), 'utf8');

/** The fenced block right after an HTML comment marker. */
function blockAfter(marker: string): string {
  const tag = `<!-- ${marker} -->\n`;
  const at = page.indexOf(tag);
  assert.ok(at >= 0, `no "${marker}" marker`);
  const m = /^```[a-z]*\n([\s\S]*?)```\n/.exec(page.slice(at + tag.length));
  assert.ok(m, `no code block after "${marker}"`);
  return m![1]!;
}

test('every file the page quotes is quoted byte for byte', () => {
  const quoted = [...page.matchAll(/<!-- file: ([^ ]+) -->/g)].map((m) => m[1]!);
  assert.equal(quoted, ['fixtures/packaging/acme/acme-pack.ts', 'fixtures/packaging/acme/tsconfig.json', 'fixtures/packaging/acme/.pcilintrc.json', 'fixtures/packaging/acme/lint-in-code.mjs']);
  for (const file of quoted) assert.is(blockAfter(`file: ${file}`), readFileSync(path.join(repoRoot, file), 'utf8'), file);
});

test('the first-attempt pack of the page is refused with exactly the message the page shows', async () => {
  const dir = tempTree({
    'my-pack.mjs': blockAfter('example: first-attempt'),
    '.pcilintrc.json': JSON.stringify({ packs: ['./my-pack.mjs'] }),
    'guest.xml': "<domain type='kvm'><name>g</name><os><type arch='x86_64' machine='pc-q35-7.2'>hvm</type></os><devices/></domain>\n",
  });
  try {
    const { code, stderr } = await runMain(['guest.xml'], { cwd: dir });
    assert.is(code, 2);
    // The page shows the project as /home/me/project.
    assert.is(stderr.replaceAll(dir, '/home/me/project'), blockAfter('output: first-attempt'));
  } finally {
    removeTree(dir);
  }
});

test.run();
