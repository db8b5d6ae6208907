import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from './errors.js';

/** How libvirt's test suite runs a case (manifest `runs[]`). */
export interface ManifestRun {
  /** latest-caps / version-caps / fake-caps / no-caps. */
  readonly mode: string;
  /** qemuxml2argvtest / qemuxml2xmltest. */
  readonly test: string;
  /** pass / parse-error / failure. */
  readonly expect: string;
  /** What the run compares with, relative to the corpus dir (.args, .err or, for xml2xml, the output XML); null when absent. */
  readonly output: string | null;
  /**
   * The QEMU capabilities the run used: mode, arch, version and the explicit
   * QEMU_CAPS_* list. Two runs with equal keys saw the same QEMU.
   */
  readonly capsKey: string;
  /** version-caps runs: the QEMU version whose real capabilities the run used (e.g. "5.1.0"). */
  readonly capsVersion: string | null;
}

/** The fields of a manifest entry that conformance uses. */
export interface ManifestEntry {
  readonly name: string;
  /** Input domain XML, relative to the corpus dir. */
  readonly input: string | null;
  /** Manifest's family name (q35, i440fx, pseries, virt, s390-ccw-virtio, ...); null when unknown. */
  readonly machineFamily: string | null;
  /** libvirt's normalised output XMLs, relative to the corpus dir. */
  readonly xml2xml: readonly string[];
  readonly errText: string | null;
  readonly runs: readonly ManifestRun[];
  readonly pci: boolean;
  /** null when libvirt has no expected error; otherwise whether the error is about PCI. */
  readonly pciError: boolean | null;
}

export interface Corpus {
  /** Absolute path of the corpus directory. */
  readonly dir: string;
  readonly libvirtVersion: string | null;
  readonly entries: readonly ManifestEntry[];
}

/** Reads and checks `<dir>/manifest.json`. Throws UsageError when the directory is not a corpus. */
export function loadCorpus(dirArgument: string): Corpus {
  const dir = resolve(dirArgument);
  if (!existsSync(dir)) throw new UsageError(`corpus directory not found: ${dir}`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`not a directory: ${dir}`);
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new UsageError(`${dir} is not a conformance corpus: it has no manifest.json`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${manifestPath}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isObject(raw) || !Array.isArray(raw.entries)) {
    throw new UsageError(`${manifestPath}: expected an object with an "entries" array`);
  }
  const entries = raw.entries.map((entry, i) => readEntry(entry, `${manifestPath}: entries[${i}]`));
  return {
    dir,
    libvirtVersion: typeof raw.libvirtVersion === 'string' ? raw.libvirtVersion : null,
    entries,
  };
}

function readEntry(value: unknown, where: string): ManifestEntry {
  if (!isObject(value) || typeof value.name !== 'string' || value.name === '') {
    throw new UsageError(`${where}: expected an object with a "name" string`);
  }
  const xml2xml = Array.isArray(value.xml2xml) ? value.xml2xml.filter((p): p is string => typeof p === 'string' && p !== '') : [];
  const runs = Array.isArray(value.runs)
    ? value.runs.filter(isObject).map((r) => ({
        mode: String(r.mode ?? ''),
        test: String(r.test ?? ''),
        expect: String(r.expect ?? ''),
        output: typeof r.output === 'string' && r.output !== '' ? r.output : null,
        capsVersion: typeof r.capsVersion === 'string' && r.capsVersion !== '' ? r.capsVersion : null,
        capsKey: [
          String(r.mode ?? ''),
          String(r.capsArch ?? ''),
          String(r.capsVersion ?? ''),
          ...(Array.isArray(r.qemuCaps) ? r.qemuCaps.map(String).sort() : []),
        ].join(' '),
      }))
    : [];
  return {
    name: value.name,
    input: typeof value.input === 'string' && value.input !== '' ? value.input : null,
    machineFamily: typeof value.machineFamily === 'string' && value.machineFamily !== '' ? value.machineFamily : null,
    xml2xml,
    errText: typeof value.errText === 'string' ? value.errText : null,
    runs,
    pci: value.pci === true,
    pciError: typeof value.pciError === 'boolean' ? value.pciError : null,
  };
}

/** The family a case is reported under. */
export function familyOf(entry: ManifestEntry): string {
  return entry.machineFamily ?? 'unknown';
}

export interface CorpusFile {
  /** Relative to the corpus dir, as written in the manifest. */
  readonly file: string;
  readonly role: 'input' | 'output';
  /** Entries that list the file. */
  readonly entries: readonly string[];
}

/** Every input and xml2xml output the manifest lists, each once (an output listed also as an input is an output). */
export function listedFiles(corpus: Corpus): CorpusFile[] {
  const byFile = new Map<string, { role: 'input' | 'output'; entries: string[] }>();
  const add = (file: string, role: 'input' | 'output', entry: string) => {
    const seen = byFile.get(file);
    if (!seen) {
      byFile.set(file, { role, entries: [entry] });
      return;
    }
    if (role === 'output') seen.role = 'output';
    if (!seen.entries.includes(entry)) seen.entries.push(entry);
  };
  for (const entry of corpus.entries) {
    if (entry.input) add(entry.input, 'input', entry.name);
    for (const output of entry.xml2xml) add(output, 'output', entry.name);
  }
  return [...byFile].map(([file, { role, entries }]) => ({ file, role, entries }));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
