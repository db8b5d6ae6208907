import type { PlacementPrediction, PredictedDevice } from '@pcilint/core';

/**
 * Devices that end up on bus `index` or on any bus below it, after
 * libvirt's predicted placement (explicit addresses included). A bus's
 * parent is the bus its controller's address names.
 */
export function devicesBelow(prediction: PlacementPrediction, index: number): PredictedDevice[] {
  const parentOf = new Map<number, number>();
  for (const c of prediction.controllers) if (c.address) parentOf.set(c.index, c.address.bus);
  const below = (bus: number): boolean => {
    const seen = new Set<number>();
    for (let current: number | undefined = bus; current !== undefined && !seen.has(current); current = parentOf.get(current)) {
      if (current === index) return true;
      seen.add(current);
    }
    return false;
  };
  return prediction.devices.filter((d) => d.address !== null && below(d.address.bus));
}

/** The device is placed as a conventional PCI endpoint (its strict connect type), not PCI Express. */
export function isConventional(device: PredictedDevice): boolean {
  return device.item.flags.types.has('pci-endpoint');
}
