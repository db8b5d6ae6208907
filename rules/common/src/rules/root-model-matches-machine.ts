import { defineRule } from '@pcilint/core';

/** Brief §5.1 #1-2; qemuDomainDefAddDefaultDevices (src/qemu/qemu_domain.c:3985). */
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
    if (!root || root.origin !== 'written' || !root.model || !root.info?.root) return;
    const expected = graph.machine.expectedRoot;
    if (root.model === expected) return;
    const modelAttr = root.element?.attributes.find((a) => a.name === 'model');
    context.report({
      node: root,
      at: modelAttr,
      messageId: 'wrongRoot',
      data: { expected, machine: graph.machine.type, actual: root.model },
      fix: modelAttr ? { range: [modelAttr.valueSpan.start, modelAttr.valueSpan.end], text: expected } : null,
    });
  },
});
