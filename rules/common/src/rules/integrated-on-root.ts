import { defineRule, placementLabel, explicitPlacements } from '@pcilint/core';
import { addressTypeLocation } from '../util/addressing.js';

/**
 * virtio-iommu carries libvirt's INTEGRATED
 * connect flag, so virDomainPCIAddressFlagsCompatible
 * (src/conf/domain_addr.c:305) requires bus 0 (test
 * virtio-iommu-invalid-address), and qemu_validate.c requires its address
 * to be PCI at all (test virtio-iommu-invalid-address-type).
 */
export default defineRule({
  meta: {
    id: 'common/integrated-on-root',
    type: 'problem',
    docs: { description: 'virtio-iommu is an integrated device: it needs a PCI address, on bus 0 (the root bus).', rationale: "libvirt refuses an integrated device (the virtio IOMMU) off the root bus (\"needs to be an integrated device (bus=0)\"), and a virtio IOMMU without a PCI address." },
    defaultSeverity: 'error',
    messages: {
      notOnRoot: "{{label}} at {{address}} must be an integrated device on bus 0, not bus {{bus}}.",
      needsPci: "IOMMU device: '{{model}}' needs a PCI address, not an address of type '{{type}}'.",
    },
  },
  check(graph, context) {
    for (const d of graph.devices) {
      if (d.connect !== 'integrated' || !d.addressElement || d.addressType === null || d.addressType === 'pci') continue;
      context.report({
        node: d,
        at: addressTypeLocation(d.addressElement),
        messageId: 'needsPci',
        data: { model: d.model ?? 'virtio', type: d.addressType ?? '' },
      });
    }
    for (const p of explicitPlacements(graph)) {
      const node = p.node;
      if (node.kind !== 'device' || node.connect !== 'integrated' || p.bus === 0 || p.domain !== 0) continue;
      context.report({
        node,
        at: p.address.bus?.attr ?? p.address.element,
        messageId: 'notOnRoot',
        data: { address: placementLabel(p), label: node.label, bus: p.bus },
      });
    }
  },
});
