import { attribute, defineRule, nodeLabel } from '@pcilint/core';

/**
 * `qemuDomainValidateDevicePCISlotsQ35`, `src/qemu/qemu_domain_address.c:1865` (qemuDomainControllerDefPostParse,
 * src/qemu/qemu_domain.c:5335): pxb is an i440fx device; q35 uses
 * pcie-expander-bus (pxb-pcie), whose bus takes root ports.
 */
export default defineRule({
  meta: {
    id: 'q35/no-pci-expander-bus',
    type: 'problem',
    docs: { description: 'q35 guests cannot use pci-expander-bus controllers; pcie-expander-bus is the q35 equivalent.' },
    defaultSeverity: 'error',
    messages: {
      pxb: '{{label}} is not supported on q35: libvirt refuses it ("pci-expander-bus controllers are only supported on 440fx-based machinetypes"). Use model=\'pcie-expander-bus\' with pcie-root-ports behind it.',
    },
  },
  check(graph, context) {
    for (const c of graph.controllers) {
      if (c.origin !== 'written' || c.model !== 'pci-expander-bus') continue;
      context.report({ node: c, at: attribute(c.element ?? undefined, 'model') ?? null, messageId: 'pxb', data: { label: nodeLabel(c) } });
    }
  },
});
