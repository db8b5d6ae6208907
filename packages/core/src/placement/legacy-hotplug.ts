import type { DeviceGraph } from '../ir/graph.js';
import type { NewController } from '../fix/rule-fixer.js';
import { newRootPorts, nextControllerIndex, validPlacements } from '../ir/queries.js';
import type { PlacementPrediction } from './predict.js';

/** Hotplug-capable bridges for conventional PCI, all full once libvirt has placed every device. */
export interface LegacyHotplugShortfall {
  readonly bridges: number;
  readonly slots: number;
}

/**
 * On a pcie-root machine (q35, virt) a conventional PCI device can only be
 * hot-plugged into a pci-bridge or pcie-to-pci-bridge slot (libvirt docs/pci-hotplug.rst;
 * a hotplug needs a bus with PCI-EP + HP, virDomainPCIAddressFlagsCompatible). Null when such a slot is free on the predicted placement, or
 * when the prediction itself fails (other rules report that).
 */
export function legacyHotplugShortfall(prediction: PlacementPrediction): LegacyHotplugShortfall | null {
  if (prediction.error) return null;
  const bridges = prediction.buses.filter((b) => (b.model === 'pci-bridge' || b.model === 'pcie-to-pci-bridge') && b.hotplug);
  let slots = 0;
  for (const bus of bridges) {
    for (let slot = bus.slotMin; slot <= bus.slotMax; slot++) {
      if ((bus.slots.get(slot)?.used ?? 0) === 0) return null;
      slots++;
    }
  }
  return { bridges: bridges.length, slots };
}

/** A pcie-root-port with a pcie-to-pci-bridge behind it (31 hotplug-capable slots), to add; null when pcie.0 is full. */
export function pcieToPciBridgeControllers(graph: DeviceGraph): NewController[] | null {
  const placements = validPlacements(graph);
  const index = nextControllerIndex(graph, placements);
  const port = index + 1 <= 255 ? newRootPorts(graph, 1, index, placements) : null;
  if (!port) return null;
  const bridge: NewController = { index: index + 1, model: 'pcie-to-pci-bridge', modelName: 'pcie-pci-bridge', address: { bus: index, slot: 0, function: 0 } };
  return [...port, bridge];
}
