import { attribute, defineRule, messageLabel } from '@pcilint/core';

/**
 * `qemuDomainValidateDevicePCISlotsQ35`, `src/qemu/qemu_domain_address.c:1865` (qemuDomainControllerDefPostParse,
 * src/qemu/qemu_domain.c:5335): pxb is an i440fx device; q35 uses
 * pcie-expander-bus (pxb-pcie), whose bus takes root ports.
 */
export default defineRule({
  meta: {
    id: 'q35/no-pci-expander-bus',
    type: 'problem',
    docs: { description: 'q35 guests cannot use pci-expander-bus controllers; pcie-expander-bus is the q35 equivalent.', rationale: "libvirt refuses a pci-expander-bus on any machine but i440fx (\"pci-expander-bus controllers are only supported on 440fx-based machinetypes\"); q35's equivalent is pcie-expander-bus, with pcie-root-ports behind it." },
    defaultSeverity: 'error',
    messages: {
      pxb: "{{label}} is not supported on q35: use model='pcie-expander-bus'.",
      pxbArgv: "{{label}} is a conventional PCI expander: use pxb-pcie with pcie-root-ports on q35.",
    },
  },
  check(graph, context) {
    for (const c of graph.controllers) {
      if (c.origin !== 'written' || c.model !== 'pci-expander-bus') continue;
      context.report({ node: c, at: attribute(c.element ?? undefined, 'model') ?? null, messageId: context.language === 'qemu-argv' ? 'pxbArgv' : 'pxb', data: { label: messageLabel(c, graph) } });
    }
  },
});
