import { attribute, defineRule, messageLabel } from '@pcilint/core';

/**
 * pci-expander-bus is meaningless on pseries
 * (qemuDomainControllerDefPostParse, src/qemu/qemu_domain.c:5335): pxb is an
 * i440fx device, and libvirt refuses it on any other machine. Checked with
 * the libvirt 9.0 oracle on pseries. The PCI Express-only controllers
 * (root and switch ports, dmi-to-pci-bridge, pcie-to-pci-bridge,
 * pcie-expander-bus) are common/pcie-controllers-need-pcie-root's.
 */
export default defineRule({
  meta: {
    id: 'pseries/no-pci-expander-bus',
    type: 'problem',
    docs: { description: 'pseries guests cannot use pci-expander-bus controllers; extra PHBs (pci-root controllers) give more buses and NUMA placement.', rationale: "libvirt refuses a pci-expander-bus on any machine but i440fx (\"pci-expander-bus controllers are only supported on 440fx-based machinetypes\"); on pseries an extra PHB (a pci-root controller with another index, which may have its own <node>) does the job." },
    defaultSeverity: 'error',
    messages: {
      pxb: "{{label}} is not supported on pseries: add a PHB (pci-root) instead.",
      pxbArgv: "{{label}} is not supported on pseries: add a spapr-pci-host-bridge instead.",
    },
  },
  check(graph, context) {
    for (const c of graph.controllers) {
      if (c.origin !== 'written' || c.model !== 'pci-expander-bus') continue;
      context.report({ node: c, at: attribute(c.element ?? undefined, 'model') ?? null, messageId: context.language === 'qemu-argv' ? 'pxbArgv' : 'pxb', data: { label: messageLabel(c, graph) } });
    }
  },
});
