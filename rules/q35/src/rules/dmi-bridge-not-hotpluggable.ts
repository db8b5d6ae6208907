import { attribute, defineRule, validPlacements, messageLabel } from '@pcilint/core';

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
    docs: { description: 'Endpoints should not sit directly on a dmi-to-pci-bridge, whose slots cannot hotplug; use a pcie-root-port with a pcie-to-pci-bridge.', rationale: "dmi-to-pci-bridge slots have no hotplug: devices on it can never be hot-unplugged and nothing can be hot-plugged there. A pcie-root-port with a pcie-to-pci-bridge behind it gives conventional devices hotplug-capable slots (this changes the guest ABI)." },
    defaultSeverity: 'warn',
    hotplugPolicy: true,
    messages: {
      endpoints: "{{label}} holds {{count}} endpoint(s) that can never hot-unplug: use a pcie-to-pci-bridge.",
    },
  },
  check(graph, context) {
    const placements = validPlacements(graph);
    for (const bus of graph.buses.values()) {
      if (bus.model !== 'dmi-to-pci-bridge' || bus.controller.origin !== 'written') continue;
      const endpoints = placements.filter((p) => p.domain === 0 && p.bus === bus.index && p.node.kind === 'device');
      if (endpoints.length === 0) continue;
      const c = bus.controller;
      const shown = endpoints.slice(0, 3).map((p) => messageLabel(p.node, graph));
      if (endpoints.length > 3) shown.push(`${endpoints.length - 3} more`);
      context.report({
        node: c,
        at: attribute(c.element ?? undefined, 'model') ?? null,
        messageId: 'endpoints',
        data: { label: messageLabel(c, graph), count: endpoints.length, devices: shown.join(', ') },
      });
    }
  },
});
