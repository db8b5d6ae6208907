import { attribute, defineRule, placementLabel, explicitPlacements } from '@pcilint/core';

/**
 * qemuDomainControllerDefPostParse (src/qemu/qemu_domain.c:5329) and virDomainPCIAddressSetGrow
 * (src/conf/domain_addr.c:628):
 * PCI Express-only controllers (catalog `expressOnly`) need a pcie-root
 * machine. On a pci-root machine (i440fx, pseries, s390x, ...):
 * - pcie-expander-bus is refused at post-parse (qemuDomainControllerDefPostParse,
 *   test pcie-expander-bus-bad-machine);
 * - the others find no bus: without an address, virDomainPCIAddressSetGrow
 *   cannot add one ("a PCI slot is needed ..."); with one, the parent
 *   refuses them ("cannot be plugged into ...", virDomainPCIAddressFlagsCompatible).
 * pcie-root itself is common/root-model-matches-machine's.
 */
export default defineRule({
  meta: {
    id: 'common/pcie-controllers-need-pcie-root',
    type: 'problem',
    docs: {
      description:
        'PCI Express controllers (root and switch ports, dmi-to-pci-bridge, pcie-to-pci-bridge, pcie-expander-bus) need a machine with a pcie-root (q35, virt).',
      rationale:
        "PCI Express controllers need a pcie-root: on a machine with a pci-root (i440fx) libvirt refuses them (\"a PCI slot is needed to connect a PCI controller model=..., but none is available, and it cannot be automatically added\", or \"cannot be plugged into the PCI controller with index=0. It requires a controller that accepts a ...\"). Use pci-bridge and pci-expander-bus on i440fx, or a q35/virt machine.",
    },
    defaultSeverity: 'error',
    messages: {
      expanderNotSupported: "pcie-expander-bus is not supported on '{{machine}}': use pci-expander-bus.",
      noSlot: "{{model}} needs PCI Express, but '{{machine}}' has a pci-root.{{hint}}",
      cannotPlug: "{{model}} at {{address}} needs PCIe; '{{machine}}' has a pci-root.{{hint}}",
    },
  },
  check(graph, context) {
    if (graph.machine.expectedRoot !== 'pci-root') return;
    const machine = graph.machine.type;
    const hint = graph.machine.family === 'i440fx' ? ' Use pci-bridge.' : '';
    const placements = new Map(explicitPlacements(graph).map((p) => [p.node, p] as const));
    for (const c of graph.controllers) {
      if (c.origin !== 'written' || !c.element || !c.model || !c.info?.expressOnly || c.model === 'pcie-root') continue;
      const at = attribute(c.element, 'model') ?? null;
      if (c.model === 'pcie-expander-bus') {
        context.report({ node: c, at, messageId: 'expanderNotSupported', data: { machine } });
        continue;
      }
      const p = placements.get(c);
      if (p && p.domain === 0 && p.bus <= 0xff) {
        context.report({
          node: c,
          at,
          messageId: 'cannotPlug',
          data: { address: placementLabel(p), bus: p.bus, model: c.model, machine, hint },
        });
        continue;
      }
      context.report({ node: c, at, messageId: 'noSlot', data: { model: c.model, machine, hint } });
    }
  },
});
