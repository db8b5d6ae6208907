import { defineRule, explicitPlacements, placementLabel } from '@pcilint/core';
import { hasAddressTypeProblem } from '../util/addressing.js';

/**
 * `virPCIDeviceAddressIsEmpty`, `virDeviceInfoPCIAddressIsWanted`, `src/conf/device_conf.c:170`: a pcie-root-port or pcie-switch-downstream-port
 * provides exactly one slot, 0 (virDomainPCIAddressBusSetModel: minSlot =
 * maxSlot = 0), so virDomainPCIAddressValidate refuses any other slot.
 * QEMU itself accepts such a device, but the guest never sees it (oracle
 * README, pitfall 7). The fix rewrites only the slot value.
 */
export default defineRule({
  meta: {
    id: 'common/port-slot-zero',
    type: 'problem',
    docs: {
      description:
        'A device behind a pcie-root-port or pcie-switch-downstream-port must be at slot 0: a PCIe port has a single slot.',
      rationale:
        "A pcie-root-port or downstream port has a single slot, 0; libvirt refuses any other (\"Invalid PCI address ... slot must be <= 0\").",
    },
    defaultSeverity: 'error',
    machineIndependent: true,
    fixable: true,
    messages: {
      nonZeroSlot: "Invalid PCI address {{address}}: {{model}} index {{bus}} has only slot 0.",
    },
  },
  check(graph, context) {
    for (const p of explicitPlacements(graph)) {
      if (p.domain !== 0 || p.slot === 0 || p.slot > 0x1f || !p.address.slot) continue;
      const bus = graph.buses.get(p.bus);
      if (!bus || bus.slotMax !== 0) continue;
      if (p.node.kind === 'controller' && p.node.info?.root) continue;
      if (hasAddressTypeProblem(p.node)) continue;
      const slotAttr = p.address.slot.attr;
      context.report({
        node: p.node,
        at: p.address.slot.attr,
        messageId: 'nonZeroSlot',
        data: { address: placementLabel(p), model: bus.model, bus: p.bus },
        fix: (fixer) => fixer.setValue(slotAttr, '0x00'),
      });
    }
  },
});
