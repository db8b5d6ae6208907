import { addressFieldLocation, defineRule, endpointsOnPciePorts, nodeLabel, placementLabel } from '@pcilint/core';

/**
 * QEMU `hw/virtio/virtio-pci.c`, `virtio_pci_realize`; `hw/virtio/virtio-pci.c`; `src/qemu/qemu_command.c:1017`: a `-transitional` virtio device keeps its legacy
 * IO BAR; behind a PCIe port it is an Express device that still needs IO
 * space. docs/pcie.txt §7: "strongly discouraged".
 */
export default defineRule({
  meta: {
    id: 'common/virtio-model-vs-slot',
    type: 'suggestion',
    docs: { description: "A virtio device with model='virtio-transitional' should not be placed on a PCI Express root or downstream port." },
    defaultSeverity: 'warn',
    messages: {
      transitional:
        "{{label}} has model='virtio-transitional' and its address {{address}} puts it on {{bus}}: there it is an Express device that still needs IO port space (docs/pcie.txt: \"strongly discouraged\"). Use model='virtio' or 'virtio-non-transitional', or give it a conventional slot behind a pcie-to-pci-bridge.",
    },
  },
  check(graph, context) {
    for (const { placement: p, device, bus } of endpointsOnPciePorts(graph)) {
      if (device.model !== 'virtio-transitional') continue;
      context.report({
        node: device,
        at: addressFieldLocation(p.address, 'bus'),
        messageId: 'transitional',
        data: { label: device.label, address: placementLabel(p), bus: nodeLabel(bus.controller) },
      });
    }
  },
});
