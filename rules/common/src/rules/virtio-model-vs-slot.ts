import { addressFieldLocation, defineRule, endpointsOnPciePorts, messageLabel, placementLabel } from '@pcilint/core';

/**
 * QEMU `hw/virtio/virtio-pci.c`, `virtio_pci_realize`; `hw/virtio/virtio-pci.c`; `src/qemu/qemu_command.c:1017`: a `-transitional` virtio device keeps its legacy
 * IO BAR; behind a PCIe port it is an Express device that still needs IO
 * space. docs/pcie.txt §7: "strongly discouraged".
 */
export default defineRule({
  meta: {
    id: 'common/virtio-model-vs-slot',
    type: 'suggestion',
    docs: { description: "A virtio device with model='virtio-transitional' should not be placed on a PCI Express root or downstream port.", rationale: "A virtio-transitional device on a PCIe port is an Express device that still needs IO port space, which QEMU's docs/pcie.txt calls \"strongly discouraged\". model='virtio' or 'virtio-non-transitional' needs none; a transitional device belongs in a conventional slot behind a pcie-to-pci-bridge." },
    defaultSeverity: 'warn',
    messages: {
      transitional: "{{label}} on {{bus}} is transitional: use model='virtio'.",
      transitionalArgv: "{{label}} on {{bus}}: use the non-transitional driver.",
    },
  },
  check(graph, context) {
    for (const { placement: p, device, bus } of endpointsOnPciePorts(graph)) {
      if (device.model !== 'virtio-transitional') continue;
      context.report({
        node: device,
        at: addressFieldLocation(p.address, 'bus'),
        messageId: context.language === 'qemu-argv' ? 'transitionalArgv' : 'transitional',
        data: { label: messageLabel(device, graph).replace(' (virtio-transitional)', ''), address: placementLabel(p), bus: messageLabel(bus.controller, graph) },
      });
    }
  },
});
