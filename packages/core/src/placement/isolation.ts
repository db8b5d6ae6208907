import { hostdevKey, UNLISTED_HOSTDEV, type HostdevFacts } from '../engine/settings.js';

/** The host PCI address of an assigned device (`<hostdev>`, `<interface type='hostdev'>`). */
export interface HostPciAddress {
  readonly domain: number;
  readonly bus: number;
  readonly slot: number;
  readonly function: number;
}

/**
 * libvirt's isolation group for an assigned host PCI device on pseries
 * (`qemuDomainSetupIsolationGroups`, `src/qemu/qemu_domain_address.c:1416`, qemuDomainFillDeviceIsolationGroup, src/qemu/qemu_domain_address.c:1288):
 * devices with equal groups may share a PHB, others never get one another's.
 * Never 0, the group of emulated devices.
 */
export type IsolationGroupOf = (host: HostPciAddress) => number;

/**
 * Heuristic groups are offset far above any real IOMMU group + 1, so a
 * configured group and a guessed one never compare equal by accident.
 */
const HOST_SLOT_GROUP_BASE = 2 ** 40;

/**
 * Default when the host's IOMMU groups are unknown (an offline linter cannot
 * read sysfs): one group per host slot, domain:bus:slot, so the functions of
 * one card share a PHB. This matches the groups libvirt's own tests use
 * (pseries-hostdevs-1/2/3).
 */
export function hostSlotIsolationGroup(host: HostPciAddress): number {
  return HOST_SLOT_GROUP_BASE + host.domain * 0x10000 + host.bus * 0x100 + host.slot;
}

/** Whether libvirt treats an assigned host device as PCI Express (it reads sysfs). */
export type HostExpressOf = (host: HostPciAddress) => boolean;

/** The facts configured for one host device: its own entry, else the `*` entry. */
function factsOf(hostdevs: Readonly<Record<string, HostdevFacts>>): (host: HostPciAddress) => HostdevFacts | undefined {
  const byKey = new Map<string, HostdevFacts>();
  // Keys are validated as dddd:bb:ss.f (or `*`) but may use either hex case.
  for (const [key, facts] of Object.entries(hostdevs)) byKey.set(key.toLowerCase(), facts);
  const unlisted = byKey.get(UNLISTED_HOSTDEV);
  return (host) => {
    const own = byKey.get(hostdevKey(host));
    return own || unlisted ? { ...unlisted, ...own } : undefined;
  };
}

/**
 * Isolation groups from configuration (`settings.hostdevs`): a
 * host device with `iommuGroup` G gets libvirt's group G + 1; one whose group
 * is not readable (null) gets 0 like the emulated devices (libvirt: "device
 * won't be isolated"); the others fall back to hostSlotIsolationGroup.
 */
export function isolationGroupsFromSettings(hostdevs: Readonly<Record<string, HostdevFacts>>): IsolationGroupOf {
  if (Object.keys(hostdevs).length === 0) return hostSlotIsolationGroup;
  const facts = factsOf(hostdevs);
  return (host) => {
    const group = facts(host)?.iommuGroup;
    return group === undefined ? hostSlotIsolationGroup(host) : group === null ? 0 : group + 1;
  };
}

/** Express-ness from configuration; unknown devices count as Express, as libvirt assumes. */
export function hostExpressFromSettings(hostdevs: Readonly<Record<string, HostdevFacts>>): HostExpressOf {
  const facts = factsOf(hostdevs);
  return (host) => facts(host)?.express ?? true;
}
