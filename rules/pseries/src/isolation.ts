import { formatPciAddress, hostdevKey, type DeviceNode, type PlacementPrediction, type Settings } from '@pcilint/core';

/**
 * The PHB a bus belongs to: the bus itself when it is a pci-root, else the
 * PHB its controller's chain of addresses leads to. On pseries an IOMMU
 * group spans a whole PHB, so a pci-bridge does not isolate anything.
 * Null when the chain is broken (a missing bus: other rules report it).
 */
export function phbOfBus(prediction: PlacementPrediction, bus: number): number | null {
  const byIndex = new Map(prediction.controllers.map((c) => [c.index, c] as const));
  let index = bus;
  for (let depth = 0; depth <= 256; depth++) {
    const c = byIndex.get(index);
    if (!c) return null;
    if (c.model === 'pci-root') return index;
    if (!c.address) return null;
    index = c.address.bus;
  }
  return null;
}

/** A device's IOMMU group for messages, and whether configuration gave it (else it is the host-slot guess). */
export function describeIommuGroup(host: NonNullable<DeviceNode['hostAddress']>, hostdevs: Settings['hostdevs']): { text: string; configured: boolean } {
  const key = hostdevKey(host);
  const configured = Object.entries(hostdevs).find(([k]) => k.toLowerCase() === key)?.[1].iommuGroup;
  if (configured !== undefined) return { text: `IOMMU group ${configured} in settings.hostdevs`, configured: true };
  return { text: `host slot ${formatPciAddress(host.domain, host.bus, host.slot, host.function).slice(0, -2)}`, configured: false };
}
