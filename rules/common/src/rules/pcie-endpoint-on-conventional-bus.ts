import { addressFieldLocation, defineRule, validPlacements, messageLabel, placementLabel } from '@pcilint/core';

/** Buses that are conventional PCI on a pcie-root machine (`virDomainPCIAddressBusSetModel`, `src/conf/domain_addr.c:479`). */
const CONVENTIONAL = new Set(['pci-bridge', 'pcie-to-pci-bridge', 'dmi-to-pci-bridge']);

/**
 * QEMU docs/pcie.txt §2: libvirt accepts a PCI Express
 * endpoint on a conventional bus at an explicit address (the relaxation in
 * virDomainPCIAddressFlagsCompatible), but there it has no Express capability or extended config space.
 */
export default defineRule({
  meta: {
    id: 'common/pcie-endpoint-on-conventional-bus',
    type: 'suggestion',
    docs: { description: 'On PCI Express machines, PCI Express endpoints should not be placed on conventional PCI bridges.', rationale: "A PCI Express device on a conventional PCI bus (behind a pci-bridge or pcie-to-pci-bridge) loses its Express capability and extended config space. Without an address libvirt gives it a pcie-root-port. libvirt assumes a host device is PCI Express when it cannot read it; if it is conventional PCI, the placement is right." },
    defaultSeverity: 'warn',
    messages: {
      conventional: "{{label}} is PCIe on conventional {{bus}}: drop the address.",
      hostdev: "{{label}} is taken as PCI Express but sits on conventional {{bus}}: fine if it is conventional.",
      conventionalArgv: "{{label}} is PCIe on conventional {{bus}}: move it to a root port.",
    },
  },
  check(graph, context) {
    if (graph.machine.expectedRoot !== 'pcie-root' || graph.root?.model !== 'pcie-root') return;
    for (const p of validPlacements(graph)) {
      if (p.node.kind !== 'device' || p.node.connect !== 'pcie') continue;
      const bus = graph.buses.get(p.bus);
      if (!bus || !CONVENTIONAL.has(bus.model)) continue;
      context.report({
        node: p.node,
        at: addressFieldLocation(p.address, 'bus'),
        messageId: p.node.deviceKind === 'hostdev' || p.node.hostAddress ? 'hostdev' : context.language === 'qemu-argv' ? 'conventionalArgv' : 'conventional',
        data: { label: messageLabel(p.node, graph), address: placementLabel(p), bus: messageLabel(bus.controller, graph) },
      });
    }
  },
});
