import type { DumpPci } from './dumpxml.js';
import { formatAddress } from './dumpxml.js';
import type { TopologyJson } from './pcilint-cli.js';

/** Placement facts as comparable strings: `pci <model> #<index> @ <addr>` and `<kind> @ <addr>`. */
export function libvirtPlacement(d: DumpPci): string[] {
  const ctrls = d.controllers.filter((c) => c.type === 'pci').map((c) => `pci ${c.model} #${c.index} @ ${c.address ? formatAddress(c.address) : 'none'}`);
  return [...ctrls, ...devicesOf(d)].sort();
}

function isPciController(d: DumpPci, a: { domain: number; bus: number; slot: number; function: number }): boolean {
  return d.controllers.some((c) => c.type === 'pci' && c.address && formatAddress(c.address) === formatAddress(a));
}

function devicesOf(d: DumpPci): string[] {
  return d.devices.filter((x) => !(x.kind === 'controller' && isPciController(d, x.address))).map((x) => `${x.kind} @ ${formatAddress(x.address)}`);
}

export function pcilintPlacement(t: TopologyJson): string[] {
  const ctrls = t.controllers.map((c) => `pci ${c.model} #${c.index} @ ${c.address ? formatAddress(c.address) : 'none'}`);
  const devs = t.devices.filter((x) => x.address).map((x) => `${x.kind} @ ${formatAddress(x.address!)}`);
  return [...ctrls, ...devs].sort();
}

/** Multiset difference, both ways: what only libvirt has (`-`) and what only pcilint has (`+`). */
export function placementDiff(libvirt: readonly string[], pcilint: readonly string[]): string[] {
  const count = new Map<string, number>();
  for (const s of libvirt) count.set(s, (count.get(s) ?? 0) + 1);
  for (const s of pcilint) count.set(s, (count.get(s) ?? 0) - 1);
  const out: string[] = [];
  for (const [s, c] of [...count].sort()) {
    for (let i = 0; i < Math.abs(c); i++) out.push(`${c > 0 ? '-libvirt' : '+pcilint'} ${s}`);
  }
  return out;
}

export function promisedHotplug(t: TopologyJson): { virtio: number; conventional: number } {
  const slots = t.free.conventionalSlots as { slots?: unknown[] }[];
  return { virtio: t.free.pciePorts.length, conventional: slots.reduce((n, s) => n + (s.slots?.length ?? 1), 0) };
}
