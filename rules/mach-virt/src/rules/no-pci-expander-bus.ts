import { attribute, defineRule, messageLabel } from '@pcilint/core';

/**
 * pcie-expander-bus is allowed on virt, pci-expander-bus rejected
 * (qemuDomainControllerDefPostParse, src/qemu/qemu_domain.c:5335):
 * pxb is an i440fx device. The libvirt 9.0 oracle refuses an aarch64 virt
 * guest with one, with or without an address: "pci-expander-bus controllers
 * are only supported on 440fx-based machinetypes". pcie-expander-bus
 * (pxb-pcie) is accepted (test pcie-expander-bus-aarch64).
 */
export default defineRule({
  meta: {
    id: 'mach-virt/no-pci-expander-bus',
    type: 'problem',
    docs: { description: 'virt guests cannot use pci-expander-bus controllers; pcie-expander-bus is the PCI Express equivalent.', rationale: "libvirt refuses a pci-expander-bus on any machine but i440fx (\"pci-expander-bus controllers are only supported on 440fx-based machinetypes\"); virt's equivalent is pcie-expander-bus, with pcie-root-ports behind it." },
    defaultSeverity: 'error',
    messages: {
      pxb: "{{label}} is not supported on virt: use model='pcie-expander-bus'.",
      pxbArgv: "{{label}} is a conventional PCI expander: use pxb-pcie with pcie-root-ports on virt.",
    },
  },
  check(graph, context) {
    for (const c of graph.controllers) {
      if (c.origin !== 'written' || c.model !== 'pci-expander-bus') continue;
      context.report({ node: c, at: attribute(c.element ?? undefined, 'model') ?? null, messageId: context.language === 'qemu-argv' ? 'pxbArgv' : 'pxb', data: { label: messageLabel(c, graph) } });
    }
  },
});
