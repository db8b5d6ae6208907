import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateGuests } from './generate.js';

export interface Dataset {
  readonly dir: string;
  /** File names, relative to dir. */
  readonly files: readonly string[];
  readonly bytes: number;
}

/** Generates (or reuses, same seed and count) a directory of guests under the OS temp dir. */
export function dataset(count: number, seed: number): Dataset {
  const dir = path.join(os.tmpdir(), `pcilint-bench-${seed}-${count}`);
  const marker = path.join(dir, '.complete');
  if (!existsSync(marker)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const guest of generateGuests(count, seed)) writeFileSync(path.join(dir, `${guest.name}.xml`), guest.text);
    writeFileSync(marker, '');
  }
  const files = readdirSync(dir).filter((f) => f.endsWith('.xml')).sort();
  let bytes = 0;
  for (const guest of generateGuests(count, seed)) bytes += Buffer.byteLength(guest.text);
  return { dir, files, bytes };
}

/** A fresh copy of a dataset, for runs that write (--fix). */
export function copyOf(data: Dataset, label: string): Dataset {
  const dir = `${data.dir}-${label}`;
  rmSync(dir, { recursive: true, force: true });
  cpSync(data.dir, dir, { recursive: true });
  return { ...data, dir };
}
