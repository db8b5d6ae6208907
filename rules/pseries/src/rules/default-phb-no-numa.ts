import { defineRule } from '@pcilint/core';

/**
 * `qemuDomainSetupIsolationGroups`, `src/qemu/qemu_domain_address.c:1416`
 * (virDomainControllerDefValidate, src/conf/domain_validate.c:1198; libvirt
 * test pseries-default-phb-numa-node): the default PHB, controller index 0,
 * is QEMU's built-in one and cannot be given a NUMA node. Checked with the
 * libvirt 9.0 oracle. A node that names no guest NUMA cell is refused
 * earlier, at post-parse, with another message: that is
 * common/expander-numa-node's finding (and a node that is not a decimal
 * number common/target-attr-range's), so only a node the guest has is
 * reported here.
 */
export default defineRule({
  meta: {
    id: 'pseries/default-phb-no-numa',
    type: 'problem',
    docs: { description: 'The default pseries PHB (pci-root index 0) cannot have a NUMA <node>; only extra PHBs can.', rationale: "libvirt refuses a NUMA node on the default PHB (\"The PCI controller with index=0 can't be associated with a NUMA node\"); devices that need a NUMA node go on an extra PHB (a pci-root controller with another index) that has the <node>." },
    defaultSeverity: 'error',
    messages: {
      defaultPhbNode: "The default PHB (index 0) can't have <node>{{node}}</node>: put it on an extra PHB.",
    },
  },
  check(graph, context) {
    for (const c of graph.controllers) {
      if (c.origin !== 'written' || c.model !== 'pci-root' || c.index !== 0 || !c.target.node) continue;
      const node = c.target.node.value;
      if (node === null || node < 0 || node >= graph.machine.numaCells) continue;
      context.report({ node: c, at: c.target.node.element, messageId: 'defaultPhbNode', data: { node } });
    }
  },
});
