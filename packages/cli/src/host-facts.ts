/**
 * Host facts: what libvirt reads from the hypervisor and pcilint cannot see in
 * the XML (issue 13 part 3). Read here, in the CLI, and handed to core as
 * settings (`hostdevs`, `caps`); core stays free of I/O.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { UNLISTED_HOSTDEV, type ConfigLayer, type HostdevFacts, type QemuCaps } from '@pcilint/core';
import { CliError } from './errors.js';

export interface HostFactsSnapshot {
  readonly format: 'pcilint-host-facts/1';
  /** Per host PCI address; `*` is what libvirt sees for a device that is not on this host. */
  readonly hostdevs: Record<string, HostdevFacts & { class?: string }>;
  /** Capability switches per QEMU binary architecture, from libvirt's capability cache. */
  readonly qemu: Record<string, { emulator: string; caps: QemuCaps }>;
}

const PCI_CAP_ID_EXP = 0x10;

/** True when the config space lists the PCI Express capability; undefined when it cannot be read far enough. */
export function configHasExpressCapability(config: Buffer): boolean | undefined {
  if (config.length < 64) return undefined;
  if ((config.readUInt16LE(6) & 0x10) === 0) return false; // no capability list
  let ptr = config[0x34] & 0xfc;
  for (let hops = 0; ptr >= 0x40 && hops < 48; hops++) {
    if (ptr + 1 >= config.length) return undefined; // unprivileged reads stop at 64 bytes
    if (config[ptr] === PCI_CAP_ID_EXP) return true;
    ptr = config[ptr + 1] & 0xfc;
  }
  return false;
}

/** Reads /sys/bus/pci/devices/* (class, PCIe capability, iommu_group). */
export function readSysfsHostdevs(root = '/sys/bus/pci/devices'): HostFactsSnapshot['hostdevs'] {
  // A device libvirt cannot find cannot have its IOMMU group read: not isolated.
  const hostdevs: HostFactsSnapshot['hostdevs'] = { [UNLISTED_HOSTDEV]: { iommuGroup: null } };
  if (!existsSync(root)) return hostdevs;
  for (const name of readdirSync(root).sort()) {
    if (!/^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/i.test(name)) continue;
    const dir = path.join(root, name);
    const facts: { class?: string; express?: boolean; iommuGroup?: number | null } = {};
    try { facts.class = readFileSync(path.join(dir, 'class'), 'utf8').trim(); } catch { /* optional */ }
    try {
      const express = configHasExpressCapability(readFileSync(path.join(dir, 'config')));
      if (express !== undefined) facts.express = express;
    } catch { /* unreadable config: libvirt assumes Express, so say nothing */ }
    let group: number | null = null;
    try { group = Number(path.basename(readlinkSync(path.join(dir, 'iommu_group')))); } catch { group = null; }
    facts.iommuGroup = group;
    hostdevs[name.toLowerCase()] = facts;
  }
  return hostdevs;
}

/** libvirt capability flags behind each switch of settings.caps. */
const CAP_FLAGS: Record<keyof QemuCaps, string> = {
  pcieRootPort: 'pcie-root-port',
  pciePciBridge: 'pcie-pci-bridge',
  virtioTransitional: 'virtio-pci-non-transitional',
  rootPortHotplugAttr: 'pcie-root-port.hotplug',
  piix4RootHotplugAttr: 'piix4.acpi-root-pci-hotplug',
};

/** The switches of one libvirt capabilities file (`<qemuCaps>` with `<flag name=.../>`, `<arch>`). */
export function capsFromCapabilitiesXml(xml: string): { emulator: string; arch: string; caps: QemuCaps } {
  const flags = new Set([...xml.matchAll(/<flag name=['"]([^'"]+)['"]\s*\/>/g)].map((m) => m[1]));
  const arch = /<arch>([^<]+)<\/arch>/.exec(xml)?.[1] ?? '';
  const emulator = /<emulator>([^<]+)<\/emulator>/.exec(xml)?.[1] ?? '';
  const caps = Object.fromEntries(Object.entries(CAP_FLAGS).map(([k, flag]) => [k, flags.has(flag)])) as unknown as QemuCaps;
  return { emulator, arch, caps };
}

export function readLibvirtQemuCaps(dir = '/var/cache/libvirt/qemu/capabilities'): HostFactsSnapshot['qemu'] {
  const out: HostFactsSnapshot['qemu'] = {};
  if (!existsSync(dir)) return out;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.xml')).sort()) {
    let xml: string;
    try { xml = readFileSync(path.join(dir, file), 'utf8'); } catch { continue; }
    const { emulator, arch, caps } = capsFromCapabilitiesXml(xml);
    if (arch) out[arch] = { emulator, caps };
  }
  return out;
}

export function snapshotHostFacts(): HostFactsSnapshot {
  return { format: 'pcilint-host-facts/1', hostdevs: readSysfsHostdevs(), qemu: readLibvirtQemuCaps() };
}

/** Reads a snapshot written by `pcilint host-facts`; bad input names file, line and column. */
export function readHostFactsFile(file: string): HostFactsSnapshot {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e) { throw new CliError(`--host-facts: cannot read ${file}: ${(e as Error).message}`); }
  let data: unknown;
  try { data = JSON.parse(text); } catch (e) {
    const pos = Number(/position (\d+)/.exec((e as Error).message)?.[1] ?? 0);
    const before = text.slice(0, pos).split('\n');
    throw new CliError(`${file}:${before.length}:${before[before.length - 1].length + 1}: not valid JSON: ${(e as Error).message}`);
  }
  const snap = data as Partial<HostFactsSnapshot>;
  if (!snap || snap.format !== 'pcilint-host-facts/1' || typeof snap.hostdevs !== 'object' || typeof snap.qemu !== 'object') {
    throw new CliError(`${file}:1:1: not a pcilint host-facts snapshot (expected "format": "pcilint-host-facts/1", "hostdevs" and "qemu"; write one with pcilint host-facts)`);
  }
  return snap as HostFactsSnapshot;
}

const NODE_ARCH: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64', ppc64: 'ppc64', s390x: 's390x' };

/**
 * The settings layer of `--host-facts`: the host devices, and the caps of the QEMU
 * for `arch` (default: this machine's architecture, the one KVM guests use).
 */
export function hostFactsLayer(snapshot: HostFactsSnapshot, source: string, arch = NODE_ARCH[process.arch] ?? process.arch): ConfigLayer {
  const hostdevs = Object.fromEntries(Object.entries(snapshot.hostdevs).map(([k, { express, iommuGroup }]) => [k, { ...(express !== undefined ? { express } : {}), ...(iommuGroup !== undefined ? { iommuGroup } : {}) }]));
  const qemu = snapshot.qemu[arch];
  return { source, settings: { hostdevs, ...(qemu ? { caps: qemu.caps } : {}) } };
}
