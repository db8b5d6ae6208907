import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, virsh, libvirtError } from './run.js';

let counter = 0;
/** A name no real domain has and no parallel oracle run uses. */
export function oracleDomainName(): string {
  return `pcilint-oracle-${process.pid}-${++counter}`;
}

/** The domain under `name`, `<uuid>` dropped so libvirt makes a fresh one. */
export function renameDomain(xml: string, name: string): string {
  const withoutUuid = xml.replace(/<uuid>[^<]*<\/uuid>\s*/, '');
  if (/<name>[^<]*<\/name>/.test(withoutUuid)) return withoutUuid.replace(/<name>[^<]*<\/name>/, `<name>${name}</name>`);
  return withoutUuid.replace(/(<domain\b[^>]*>)/, `$1<name>${name}</name>`);
}

export interface DefineResult {
  readonly accepted: boolean;
  /** libvirt's refusal, without virsh's preamble. */
  readonly error: string | null;
  /** `dumpxml --inactive` of the defined domain (with the temporary name). */
  readonly inactiveXml: string | null;
}

function undefine(name: string): void {
  if (virsh(['undefine', '--nvram', name]).status !== 0) virsh(['undefine', name]);
}

/** Defines the domain under a unique name, reads `dumpxml --inactive`, always undefines it. */
export function defineDomain(xml: string): DefineResult {
  const dir = mkdtempSync(join(tmpdir(), 'pcilint-oracle-'));
  const name = oracleDomainName();
  let defined = false;
  try {
    const file = join(dir, 'domain.xml');
    writeFileSync(file, renameDomain(xml, name));
    const def = virsh(['define', file]);
    if (def.status !== 0) return { accepted: false, error: libvirtError(def.stderr).split(file).join('domain.xml'), inactiveXml: null };
    defined = true;
    const dump = virsh(['dumpxml', '--inactive', name]);
    if (dump.status !== 0) throw new Error(`dumpxml failed: ${dump.stderr}`);
    return { accepted: true, error: null, inactiveXml: dump.stdout };
  } finally {
    if (defined) undefine(name);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Rewrites a domain only so that it can start on a CI machine: interfaces become
 * type='user' (model, mac, address kept), file disks get fresh images, graphics go
 * (nothing may listen), kvm becomes qemu (TCG).
 */
export function makeStartable(xml: string, dir: string): string {
  let x = xml.replace(/(<domain\b[^>]*type=)(['"])kvm\2/, "$1'qemu'");
  x = x.replace(/<interface\b([^>]*)>([\s\S]*?)<\/interface>/g, (m, attrs: string, body: string) => {
    const t = /type=['"]([^'"]+)['"]/.exec(attrs)?.[1];
    if (t === 'user' || t === 'hostdev' || t === 'vdpa') return m;
    const kept = body
      .replace(/<source\b[^>]*\/>|<source\b[^>]*>[\s\S]*?<\/source>/g, '')
      .replace(/<virtualport\b[^>]*\/>|<virtualport\b[^>]*>[\s\S]*?<\/virtualport>/g, '')
      .replace(/<target\b[^>]*\/>/g, '');
    return `<interface type='user'>${kept}</interface>`;
  });
  x = x.replace(/<graphics\b[^>]*\/>|<graphics\b[^>]*>[\s\S]*?<\/graphics>/g, '');
  let n = 0;
  x = x.replace(/<disk\b([^>]*)>([\s\S]*?)<\/disk>/g, (m, attrs: string, body: string) => {
    const device = /device=['"]([^'"]+)['"]/.exec(attrs)?.[1] ?? 'disk';
    if (device === 'cdrom' || device === 'floppy') return m.replace(/<source\b[^>]*\/>/, '');
    const fmt = /<driver\b[^>]*type=['"]([^'"]+)['"]/.exec(body)?.[1] === 'qcow2' ? 'qcow2' : 'raw';
    const img = join(dir, `disk${n++}.${fmt}`);
    const made = run('qemu-img', ['create', '-q', '-f', fmt, img, '1M']);
    if (made.status !== 0) throw new Error(`qemu-img: ${made.stderr}`);
    const newBody = body.replace(/<source\b[^>]*\/>/, '');
    return `<disk type='file' device='${device}'>${newBody.replace(/(<driver\b[^>]*\/>)/, `$1<source file='${img}'/>`)}</disk>`;
  });
  return x;
}

export interface AttachResult {
  readonly ok: boolean;
  readonly error: string | null;
}

export interface HotplugResult {
  readonly defined: boolean;
  readonly started: boolean;
  /** libvirt's (or QEMU's, through libvirt) refusal to define or start. */
  readonly error: string | null;
  readonly attaches: readonly AttachResult[];
}

/**
 * Starts the domain paused under TCG and runs `attach-device --live` for each device
 * in order; `stopAfterFailures` ends the sequence after that many refusals in a row.
 * Always destroys and undefines the domain.
 */
export function startAndHotplug(xml: string, deviceXmls: readonly string[], stopAfterFailures = Infinity): HotplugResult {
  const dir = mkdtempSync(join(tmpdir(), 'pcilint-oracle-'));
  const name = oracleDomainName();
  let defined = false;
  let started = false;
  const attaches: AttachResult[] = [];
  try {
    const file = join(dir, 'domain.xml');
    writeFileSync(file, makeStartable(renameDomain(xml, name), dir));
    const def = virsh(['define', file]);
    if (def.status !== 0) return { defined: false, started: false, error: libvirtError(def.stderr), attaches };
    defined = true;
    const st = virsh(['start', '--paused', name], 120_000);
    if (st.status !== 0) return { defined, started: false, error: libvirtError(st.stderr), attaches };
    started = true;
    let failuresInARow = 0;
    for (const [i, dev] of deviceXmls.entries()) {
      const devFile = join(dir, `dev${i}.xml`);
      writeFileSync(devFile, dev);
      const r = virsh(['attach-device', name, devFile, '--live']);
      attaches.push({ ok: r.status === 0, error: r.status === 0 ? null : libvirtError(r.stderr) });
      failuresInARow = r.status === 0 ? 0 : failuresInARow + 1;
      if (failuresInARow >= stopAfterFailures) break;
    }
    return { defined, started, error: null, attaches };
  } finally {
    if (started) virsh(['destroy', name]);
    if (defined) undefine(name);
    rmSync(dir, { recursive: true, force: true });
  }
}
