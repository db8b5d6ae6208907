import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { generateGuest } from '@pcilint/live-oracle';

/** One input the mutations start from. */
export interface Seed {
  readonly name: string;
  readonly bytes: Uint8Array;
}

const INPUT = /\.(xml|args|sh)$/;

/**
 * What the fuzzer mutates: every XML and command-line fixture of the
 * repository, guests from the live oracle's generator, and libvirt's own
 * test data when the corpus is beside the project. Sorted, so a seed number
 * means the same run everywhere.
 */
export function loadSeeds(repoRoot: string, corpusDir: string | null, generated = 40): Seed[] {
  const seeds: Seed[] = [];
  for (const file of walk(path.join(repoRoot, 'fixtures'))) seeds.push({ name: path.relative(repoRoot, file), bytes: readFileSync(file) });
  if (corpusDir && existsSync(corpusDir)) {
    for (const file of walk(corpusDir)) seeds.push({ name: `corpus/${path.relative(corpusDir, file)}`, bytes: readFileSync(file) });
  }
  for (let n = 0; n < generated; n++) seeds.push({ name: `generated/${n}.xml`, bytes: Buffer.from(generateGuest(1, n).xml, 'utf8') });
  return seeds.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    // Small files only: the time bound is per 10 KB, and a big seed says nothing a small one does not.
    else if (entry.isFile() && INPUT.test(entry.name) && statSync(full).size <= 64 * 1024) out.push(full);
  }
  return out;
}
