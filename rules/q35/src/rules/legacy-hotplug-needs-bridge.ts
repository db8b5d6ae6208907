import { defineRule, lastWrittenPciController, legacyHotplugShortfall, pcieToPciBridgeControllers } from '@pcilint/core';

/**
 * libvirt docs/pci-hotplug.rst and QEMU docs/pcie_pci_bridge.txt: a conventional PCI
 * device can only be hot-plugged into a pci-bridge or pcie-to-pci-bridge slot
 * (libvirt needs a bus with PCI-EP + HP), never into a root port, and the
 * bridge cannot be added to a running guest. Free slots are counted on the
 * predicted placement (libvirt may add a pcie-to-pci-bridge itself for
 * conventional devices without an address). Enabled by expectLegacyHotplug.
 */
export default defineRule({
  meta: {
    id: 'q35/legacy-hotplug-needs-bridge',
    type: 'suggestion',
    docs: { description: 'When conventional PCI devices will be hot-plugged, a q35 guest needs a pci-bridge or pcie-to-pci-bridge with a free slot.', rationale: "Conventional PCI devices cannot be hot-plugged into pcie-root-ports (libvirt: \"No more available PCI slots\"), and PCI controllers cannot be added to a running guest: a pci-bridge or pcie-to-pci-bridge (31 hotplug-capable slots) must exist, with a free slot once libvirt has placed every device, when the guest starts." },
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
