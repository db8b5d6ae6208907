import { defineRule, lastWrittenPciController, legacyHotplugShortfall, pcieToPciBridgeControllers } from '@pcilint/core';

/**
 * virt places legacy PCI as q35 does, behind a pcie-root-port plus pcie-to-pci-bridge
 * (libvirt test aarch64-traditional-pci); the same check as the q35 pack's, which
 * implements for q35 only. A conventional PCI device can only be hot-plugged
 * into a pci-bridge or pcie-to-pci-bridge slot, and PCI controllers cannot
 * be added to a running guest. The libvirt 9.0 oracle, live attach of an
 * e1000 to a running aarch64 virt guest: with only root ports, "internal
 * error: No more available PCI slots"; with a pcie-to-pci-bridge behind a
 * root port, attached at its slot 1. Free slots are counted on the
 * predicted placement. Enabled by the expectLegacyHotplug setting.
 */
export default defineRule({
  meta: {
    id: 'mach-virt/legacy-hotplug-needs-bridge',
    type: 'suggestion',
    docs: { description: 'When conventional PCI devices will be hot-plugged, a virt guest needs a pcie-to-pci-bridge (or pci-bridge) with a free slot.', rationale: "Conventional PCI devices cannot be hot-plugged into pcie-root-ports (libvirt: \"No more available PCI slots\"), and PCI controllers cannot be added to a running guest: a pci-bridge or pcie-to-pci-bridge (31 hotplug-capable slots) must exist, with a free slot once libvirt has placed every device, when the guest starts." },
    defaultSeverity: 'warn',
    hotplugPolicy: true,
    fixable: true,
    messages: {
      noBridge: "expectLegacyHotplug is set, but there is no pci-bridge: add a pcie-to-pci-bridge.",
      full: "expectLegacyHotplug is set, but no pci-bridge has a free slot: add a pcie-to-pci-bridge.",
    },
  },
  check(graph, context) {
    if (!context.settings.expectLegacyHotplug || graph.root?.model !== 'pcie-root') return;
    const shortfall = legacyHotplugShortfall(context.prediction);
    if (!shortfall) return;
    const last = lastWrittenPciController(graph);
    context.report({
      node: last ?? undefined,
      at: last ? last.element : graph.domainElement.children.find((e) => e.name === 'devices') ?? null,
      messageId: shortfall.bridges ? 'full' : 'noBridge',
      data: { bridges: shortfall.bridges, slots: shortfall.slots },
      fix: (fixer) => {
        const controllers = pcieToPciBridgeControllers(graph);
        return controllers && fixer.insertControllers(controllers);
      },
    });
  },
});
