import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from './helpers.js';

/**
 * Issue 14 part 7: docs, messages and `pcilint explain` cite libvirt and
 * QEMU themselves (source file and function, the refusal text, the oracle
 * run), never the team's internal domain brief, which no reader outside the
 * team has. What users read: the README files, docs/, each pack's docs/ (its
 * pages, shipped and printed by explain) and the sources every published
 * package is built from (their comments reach dist/*.js and the .d.ts files;
 * rule messages live there too). The packaging suite checks the installed
 * tarballs themselves.
 */
// Any mention, not only "brief §": "the brief classes it as ..." is as opaque to a reader.
const INTERNAL = /\bbrief\b|pci-domain-brief/i;
const ROOTS = ['README.md', 'docs', 'packages/core/src', 'packages/core/README.md', 'packages/cli/src', 'packages/cli/README.md', ...['common', 'q35', 'i440fx', 'pseries', 'mach-virt'].flatMap((p) => [`rules/${p}/src`, `rules/${p}/docs`, `rules/${p}/README.md`])];

function filesUnder(relative: string): string[] {
  const absolute = path.join(repoRoot, relative);
  let entries;
  try {
    entries = readdirSync(absolute, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return [relative];
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries.flatMap((e) => (e.isDirectory() ? filesUnder(path.join(relative, e.name)) : [path.join(relative, e.name)]));
}

test('no user-facing file cites the internal brief', () => {
  const files = ROOTS.flatMap(filesUnder);
  assert.ok(files.length > 100, `only ${files.length} files scanned`);
  const offenders = files.flatMap((file) =>
    readFileSync(path.join(repoRoot, file), 'utf8')
      .split('\n')
      .flatMap((line, i) => (INTERNAL.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
  );
  assert.equal(offenders, []);
});

test.run();
