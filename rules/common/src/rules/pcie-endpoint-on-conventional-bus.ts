import { addressFieldLocation, defineRule, validPlacements, nodeLabel, placementLabel } from '@pcilint/core';

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
    docs: { description: 'On PCI Express machines, PCI Express endpoints should not be placed on conventional PCI bridges.' },
    defaultSeverity: 'warn',
    messages: {
      conventional:
        '{{label}} is a PCI Express device but its address {{address}} puts it on {{bus}}, a conventional PCI bus: it loses its Express capability and extended config space. Drop the address so libvirt gives it a pcie-root-port.',
      hostdev:
        '{{label}} is assumed to be a PCI Express device (libvirt assumes so when it cannot read the host device) but its address {{address}} puts it on {{bus}}, a conventional PCI bus: an Express device there loses its Express capability and extended config space. If the host device is conventional PCI, this placement is right.',
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
        messageId: p.node.deviceKind === 'hostdev' || p.node.hostAddress ? 'hostdev' : 'conventional',
        data: { label: p.node.label, address: placementLabel(p), bus: nodeLabel(bus.controller) },
      });
    }
  },
});
