import { defineRule, explicitPlacements, placementLabel } from '@pcilint/core';
import { defaultGapModel, hasAddressTypeProblem } from '../util/addressing.js';

/**
 * virDomainPCIAddressValidate (src/conf/domain_addr.c:417) and qemuBuildDeviceAddressPCIGetBus
 * (src/qemu/qemu_command.c:337):
 * at define time libvirt grows the bus table up to an address's bus with
 * default-model controllers (virDomainPCIAddressSetGrow; test
 * pci-autoadd-addr: a balloon on bus 7 gives pci-bridges 1-7). It works, so
 * this is a warning: the topology the guest gets is not the one written,
 * and live hotplug XML with such a bus fails ("Only PCI buses up to %zu
 * are available").
 */
export default defineRule({
  meta: {
    id: 'common/address-bus-exists',
    type: 'problem',
    docs: {
      description:
        "An <address type='pci'> should name a bus (controller index) that a <controller type='pci'> provides, instead of relying on libvirt to add controllers silently.",
      rationale:
        "libvirt does not refuse an address on a bus no controller has: it silently adds default controllers for every missing index up to that bus at define time, so the topology that runs is not the one written.",
    },
    defaultSeverity: 'warn',
    messages: {
      missingBus: "Bus {{bus}} of {{address}} has no controller: declare {{model}} controllers up to index {{bus}}.",
    },
  },
  check(graph, context) {
    const model = defaultGapModel(graph);
    for (const p of explicitPlacements(graph)) {
      if (p.domain !== 0 || p.bus > 0xff || graph.buses.has(p.bus) || !p.address.bus) continue;
      if (p.node.kind === 'controller' && p.node.info?.root) continue;
      if (p.node.kind === 'device' && p.node.connect === 'integrated') continue; // common/integrated-on-root
      if (hasAddressTypeProblem(p.node)) continue;
      context.report({
        node: p.node,
        at: p.address.bus.attr,
        messageId: 'missingBus',
        data: { bus: p.bus, address: placementLabel(p), model },
      });
    }
  },
});
