import { defineRule } from '@pcilint/core';

/**
 * Brief §5.1 #1-2; qemuDomainDefAddDefaultDevices (src/qemu/qemu_domain.c:3985).
 * Whatever model ends up at index 0 is checked: an unindexed pcie-root-port in
 * a q35 XML without pcie-root takes index 0 and libvirt refuses the domain.
 */
export default defineRule({
  meta: {
    id: 'common/root-model-matches-machine',
    type: 'problem',
    docs: { description: 'The PCI controller with index 0 must be the root model the machine type requires.' },
    defaultSeverity: 'error',
    fixable: true,
    messages: {
      wrongRoot:
        "The PCI controller with index='0' must be model='{{expected}}' for machine '{{machine}}', but model='{{actual}}' was found (libvirt refuses the domain).",
    },
  },
  check(graph, context) {
    const root = graph.root;
    if (!root || root.origin !== 'written' || !root.model) return;
    const expected = graph.machine.expectedRoot;
    if (root.model === expected) return;
    // Extra pseries PHBs are pci-root too, but index 0 is always the default PHB.
    const modelAttr = root.element?.attributes.find((a) => a.name === 'model');
    context.report({
      node: root,
      at: modelAttr,
      messageId: 'wrongRoot',
      data: { expected, machine: graph.machine.type, actual: root.model },
      // Renaming a bridge or port into the root would drop a bus its children use: only fix root-for-root.
      fix: modelAttr && root.info?.root ? (fixer) => fixer.setValue(modelAttr, expected) : null,
    });
  },
});
