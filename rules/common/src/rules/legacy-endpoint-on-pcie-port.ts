import { addressFieldLocation, defineRule, endpointsOnPciePorts, messageLabel, placementLabel } from '@pcilint/core';

/**
 * QEMU `docs/pcie.txt` §2: libvirt lets an explicit address put a conventional PCI
 * endpoint on a root or downstream port (relaxation, domain_addr.c:322-334;
 * test pcie-expander-bus puts e1000 there), but QEMU says it "might not
 * always work" (docs/pcie.txt §2) and the port then needs an IO window.
 * virtio-transitional devices are common/virtio-model-vs-slot's finding.
 */
export default defineRule({
  meta: {
    id: 'common/legacy-endpoint-on-pcie-port',
    type: 'suggestion',
    docs: { description: 'Conventional PCI endpoints should sit behind a pcie-to-pci-bridge, not directly on a PCI Express port.', rationale: "QEMU warns that a conventional PCI device directly on a PCIe port \"might not always work\", and the port then needs an IO window. A pcie-to-pci-bridge gives conventional devices a conventional bus." },
    defaultSeverity: 'warn',
    messages: {
      legacy: "{{label}} is conventional PCI on {{bus}}: put it behind a pcie-to-pci-bridge.",
    },
  },
  check(graph, context) {
    for (const { placement: p, device, bus } of endpointsOnPciePorts(graph)) {
      if (device.connect !== 'pci' || device.model === 'virtio-transitional') continue;
      context.report({
        node: device,
        at: addressFieldLocation(p.address, 'bus'),
        messageId: 'legacy',
        data: { label: messageLabel(device, graph), address: placementLabel(p), bus: messageLabel(bus.controller, graph) },
      });
    }
  },
});
