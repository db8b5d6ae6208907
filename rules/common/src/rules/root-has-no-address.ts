import { defineRule, removeElementFix } from '@pcilint/core';

/**
 * Brief §5.1 #9: virDomainControllerDefValidate (src/conf/domain_validate.c)
 * refuses any `<address>` (whatever its type, even an empty PCI one) on a
 * pci-root or pcie-root, pseries PHBs included; test pci-root-address.
 */
export default defineRule({
  meta: {
    id: 'common/root-has-no-address',
    type: 'problem',
    docs: { description: 'A pci-root or pcie-root controller is the root bus itself and must not have an <address>.' },
    defaultSeverity: 'error',
    fixable: true,
    messages: {
      rootAddress:
        'pci-root and pcie-root controllers should not have an address: this {{model}} (index {{index}}) has one, and libvirt refuses the domain.',
    },
  },
  check(graph, context) {
    for (const c of graph.controllers) {
      if (c.origin !== 'written' || !c.info?.root || !c.addressElement) continue;
      context.report({
        node: c,
        at: c.addressElement,
        messageId: 'rootAddress',
        data: { model: c.model ?? c.modelText ?? 'root', index: c.index ?? '?' },
        fix: removeElementFix(context.sourceText, c.addressElement),
      });
    }
  },
});
