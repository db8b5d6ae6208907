import { attribute, defineRule, validPlacements, nodeLabel } from '@pcilint/core';

/**
 * virDomainPCIAddressBusSetModel (src/conf/domain_addr.c:479: dmi-to-pci-bridge slots are not
 * hotplug-capable) and QEMU docs/pcie_pci_bridge.txt ("no support of
 * hot-plug"). Reported once per bridge; common/endpoint-not-hotpluggable
 * reports the removable devices themselves. Moving devices changes the
 * guest ABI, so there is no automatic fix.
 */
export default defineRule({
  meta: {
    id: 'q35/dmi-bridge-not-hotpluggable',
    type: 'suggestion',
    docs: { description: 'Endpoints should not sit directly on a dmi-to-pci-bridge, whose slots cannot hotplug; use a pcie-root-port with a pcie-to-pci-bridge.' },
    defaultSeverity: 'warn',
    hotplugPolicy: true,
    messages: {
      endpoints:
        '{{label}} has {{count}} endpoint(s) directly on it ({{devices}}): dmi-to-pci-bridge slots have no hotplug, so they can never be hot-unplugged and nothing can be hot-plugged there. Prefer a pcie-root-port with a pcie-to-pci-bridge behind it (this changes the guest ABI).',
    },
  },
  check(graph, context) {
    const placements = validPlacements(graph);
    for (const bus of graph.buses.values()) {
      if (bus.model !== 'dmi-to-pci-bridge' || bus.controller.origin !== 'written') continue;
      const endpoints = placements.filter((p) => p.domain === 0 && p.bus === bus.index && p.node.kind === 'device');
      if (endpoints.length === 0) continue;
      const c = bus.controller;
      const shown = endpoints.slice(0, 3).map((p) => nodeLabel(p.node));
      if (endpoints.length > 3) shown.push(`${endpoints.length - 3} more`);
      context.report({
        node: c,
        at: attribute(c.element ?? undefined, 'model') ?? null,
        messageId: 'endpoints',
        data: { label: nodeLabel(c), count: endpoints.length, devices: shown.join(', ') },
      });
    }
  },
});
