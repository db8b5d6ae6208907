import { defineRule, explicitPlacements, placementLabel } from '@pcilint/core';
import { hasAddressTypeProblem } from '../util/addressing.js';

/**
 * `virPCIDeviceAddressIsEmpty`, `virDeviceInfoPCIAddressIsWanted`, `src/conf/device_conf.c:170`:
 * virDomainPCIAddressValidate (src/conf/domain_addr.c) checks the slot
 * against the bus's minSlot/maxSlot from virDomainPCIAddressBusSetModel.
 * Only non-port buses are checked here; a root or downstream port's single
 * slot 0 is common/port-slot-zero's job. Slots above 0x1f are
 * common/address-field-range's.
 */
export default defineRule({
  meta: {
    id: 'common/slot-in-bus-range',
    type: 'problem',
    docs: {
      description:
        "An explicit PCI address must use a slot the parent bus provides: slot 0 of a pci-bridge, pcie-to-pci-bridge or PCI root bus is not usable.",
      rationale:
        "Slot 0 of a pci-bridge or pcie-to-pci-bridge belongs to its SHPC hotplug controller, and slot 0 of a root bus is its host bridge: libvirt refuses devices there (\"Invalid PCI address ... slot must be >= 1\").",
    },
    defaultSeverity: 'error',
    messages: {
      belowMin: "Invalid PCI address {{address}}: slot must be >= {{min}} ({{why}}).",
    },
  },
  check(graph, context) {
    for (const p of explicitPlacements(graph)) {
      if (p.domain !== 0 || p.slot > 0x1f) continue;
      const bus = graph.buses.get(p.bus);
      if (!bus || bus.slotMax === 0) continue;
      if (p.node.kind === 'controller' && p.node.info?.root) continue;
      if (hasAddressTypeProblem(p.node)) continue;
      if (p.slot >= bus.slotMin) continue;
      const why =
        bus.model === 'pci-bridge' || bus.model === 'pcie-to-pci-bridge'
          ? 'slot 0 is the SHPC'
          : 'slot 0 is the host bridge';
      context.report({
        node: p.node,
        // An absent slot attribute means slot 0: point at the whole address.
        at: p.address.slot?.attr ?? p.address.element,
        messageId: 'belowMin',
        data: { address: placementLabel(p), min: bus.slotMin, why },
      });
    }
  },
});
