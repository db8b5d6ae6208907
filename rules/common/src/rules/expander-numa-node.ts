import { defineRule, parseDecimalInteger } from '@pcilint/core';

/**
 * `hw/pci-bridge/pci_expander_bridge.c`: qemuDomainControllerDefPostParse
 * (src/qemu/qemu_domain.c:5355) refuses a `<target><node>` that names no
 * guest NUMA cell (`<cpu><numa><cell>`), including any node when the guest
 * has no NUMA at all (test pci-expander-bus-bad-node). The check runs for
 * every PCI controller model, before the check that only expanders and
 * non-default PHBs take `<node>` (common/target-attr-applicability); both
 * were confirmed with the oracle. `<node>` is read in decimal.
 */
export default defineRule({
  meta: {
    id: 'common/expander-numa-node',
    type: 'problem',
    docs: {
      description:
        'The NUMA <node> of a pci-expander-bus, pcie-expander-bus or pseries PHB must be one of the guest NUMA cells defined in <cpu><numa>.',
      rationale:
        "libvirt refuses an expander bus whose <node> is not a NUMA cell of the domain's <cpu><numa> (\"configured for a NUMA node not present in the domain's <cpu><numa> array\").",
    },
    defaultSeverity: 'error',
    messages: {
      missingNode: "{{model}} index {{index}} is on NUMA node {{node}}, which the domain lacks{{hint}}.",
    },
  },
  check(graph, context) {
    const cells = graph.machine.numaCells;
    for (const c of graph.controllers) {
      if (c.origin !== 'written' || !c.target.node) continue;
      const node = parseDecimalInteger(c.target.node.element.text.trim());
      if (node === null || node < 0 || node < cells) continue; // bad text: common/target-attr-range
      context.report({
        node: c,
        at: c.target.node.element,
        messageId: 'missingNode',
        data: {
          model: c.modelText ?? c.model ?? 'pci',
          index: c.index ?? '?',
          node,
          cells,
          hint: cells === 0 ? ' (it has no NUMA cells)' : ` (valid: 0-${cells - 1})`,
        },
      });
    }
  },
});
