// --fix over libvirt's own PCI-related test guests (issue 9 part 7): every one
// libvirt 9.0 accepts as written must still be accepted once fixed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineDomain, pcilintBin } from '@pcilint/live-oracle';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const corpus = path.resolve(repoRoot, '../shared/corpus/libvirt-9.0.0');
const INSTALLED_ARCHES = ['x86_64', 'i686', 'ppc64', 'ppc64le', 'aarch64'];
const MIN_ACCEPTED = 50;

interface Entry { name: string; input: string; arch: string; pci: boolean; err: unknown[] }

function fixed(xml: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pcilint-corpus-fix-'));
  try {
    const file = path.join(dir, 'guest.xml');
    writeFileSync(file, xml);
    try {
      execFileSync(process.execPath, [pcilintBin, '--fix', '--no-config-lookup', '--quiet', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      if ((error as { status?: number }).status !== 1) throw error;
    }
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('fixed PCI-related corpus guests are still accepted by libvirt', () => {
  if (!existsSync(path.join(corpus, 'manifest.json'))) {
    console.log(`corpus round trip not run: ${corpus} is absent`);
    return;
  }
  const entries = (JSON.parse(readFileSync(path.join(corpus, 'manifest.json'), 'utf8')) as { entries: Entry[] }).entries
    .filter((e) => e.pci && e.err.length === 0 && e.input.endsWith('.xml') && INSTALLED_ARCHES.includes(e.arch));
  let acceptedAsWritten = 0;
  let changed = 0;
  let stillAccepted = 0;
  const refused: string[] = [];
  for (const e of entries) {
    const xml = readFileSync(path.join(corpus, e.input), 'utf8');
    // Some tests name host resources this machine lacks; only what libvirt accepts here can be compared.
    if (!defineDomain(xml).accepted) continue;
    acceptedAsWritten++;
    const out = fixed(xml);
    if (out !== xml) changed++;
    const after = defineDomain(out);
    if (after.accepted) stillAccepted++;
    else refused.push(`${e.name}: ${after.error}`);
  }
  console.log(
    `corpus round trip: ${entries.length} PCI-related inputs, ${acceptedAsWritten} accepted by libvirt as written, ${changed} changed by --fix, ${stillAccepted} still accepted`,
  );
  assert.equal(refused, [], 'fixed guests libvirt refuses');
  assert.ok(stillAccepted >= MIN_ACCEPTED, `at least ${MIN_ACCEPTED} cases (${stillAccepted})`);
});

test.run();
