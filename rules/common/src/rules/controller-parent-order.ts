import { defineRule, explicitPlacements, hex } from '@pcilint/core';

/**
 * libvirt refuses a pci-bridge whose index is not larger than its bus
 * (qemuDomainAssignPCIAddresses, src/qemu/qemu_domain_address.c:2887). For
 * the other models libvirt accepts the XML, but it keeps PCI controllers
 * sorted by index and emits them to QEMU in that order, so a controller on
 * a higher-index bus is created before its parent and QEMU fails with
 * "Bus 'pci.N' not found" (checked with the oracle for an upstream port, a
 * root port on a pxb-pcie and a pcie-to-pci-bridge, in either document
 * order).
 */
export default defineRule({
  meta: {
    id: 'common/controller-parent-order',
    type: 'problem',
    docs: {
      description:
        "A PCI controller's index must be larger than the bus (parent controller index) in its address: parents are created first.",
      rationale:
        "libvirt refuses a pci-bridge whose index is not larger than its bus (\"index must be larger than bus\"), and it starts QEMU with PCI controllers in index order, so a controller plugged into a bus of a higher index makes QEMU fail with \"Bus 'pci.N' not found\".",
    },
    defaultSeverity: 'error',
    machineIndependent: true,
    messages: {
      bridgeOrder: "PCI controller index {{index}} sits on bus {{busHex}}: give it an index above its parent's.",
      qemuOrder: "{{model}} index {{index}} is on bus {{bus}}, not a lower index: renumber it above its parent.",
    },
  },
  check(graph, context) {
    for (const p of explicitPlacements(graph)) {
      const c = p.node;
      if (c.kind !== 'controller' || c.origin !== 'written' || !c.info || c.info.root) continue;
      if (c.index === null || c.index < 0 || p.domain !== 0 || p.bus > 0xff || p.bus < c.index) continue;
      context.report({
        node: c,
        at: p.address.bus?.attr ?? p.address.element,
        messageId: c.model === 'pci-bridge' ? 'bridgeOrder' : 'qemuOrder',
        data: { index: c.index, indexHex: hex(c.index, 2), bus: p.bus, busHex: hex(p.bus, 2), model: c.model ?? 'controller' },
      });
    }
  },
});
