import { defineRule } from '@pcilint/core';

/**
 * virDomainControllerDefValidate (src/conf/domain_validate.c)
 * refuses any `<address>` (whatever its type, even an empty PCI one) on a
 * pci-root or pcie-root, pseries PHBs included; test pci-root-address.
 */
export default defineRule({
  meta: {
    id: 'common/root-has-no-address',
    type: 'problem',
    docs: { description: 'A pci-root or pcie-root controller is the root bus itself and must not have an <address>.', rationale: "pci-root and pcie-root controllers are the root bus itself; libvirt refuses one with an <address>." },
    defaultSeverity: 'error',
    machineIndependent: true,
    fixable: true,
    messages: {
      rootAddress: "The {{model}} (index {{index}}) is the root bus and takes no address: remove it.",
    },
  },
  check(graph, context) {
    for (const c of graph.controllers) {
      const address = c.addressElement;
      if (c.origin !== 'written' || !c.info?.root || !address) continue;
      context.report({
        node: c,
        at: address,
        messageId: 'rootAddress',
        data: { model: c.model ?? c.modelText ?? 'root', index: c.index ?? '?' },
        fix: (fixer) => fixer.removeElement(address),
      });
    }
  },
});
