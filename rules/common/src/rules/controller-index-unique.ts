import { defineRule, messageLabel, type ControllerNode } from '@pcilint/core';
import { lineOf } from '../util/addressing.js';

/**
 * `qemuDomainPCIAddressSetCreate`, `src/qemu/qemu_domain_address.c:1646`: virDomainDefRejectDuplicateControllers
 * (src/conf/domain_postparse.c:1134); tests pci-bridge-duplicate-index and
 * q35-dmi-bad-address1. Controllers without `index` get the lowest unused
 * one, so only written indexes can collide.
 */
export default defineRule({
  meta: {
    id: 'common/controller-index-unique',
    type: 'problem',
    docs: { description: "Two <controller type='pci'> elements must not have the same index.", rationale: "libvirt refuses a domain with two PCI controllers of the same index (\"Multiple 'pci' controllers with index\")." },
    defaultSeverity: 'error',
    machineIndependent: true,
    messages: {
      duplicate: "Multiple 'pci' controllers with index '{{index}}': the {{first}} on line {{line}} has it too.",
    },
  },
  check(graph, context) {
    const seen = new Map<number, ControllerNode>();
    for (const c of graph.controllers) {
      if (c.origin !== 'written' || !c.indexField || c.index === null) continue;
      const first = seen.get(c.index);
      if (!first) {
        seen.set(c.index, c);
        continue;
      }
      context.report({
        node: c,
        at: c.indexField.attr,
        messageId: 'duplicate',
        data: { index: c.index, model: c.modelText ?? 'controller', first: messageLabel(first, graph), line: lineOf(context.sourceText, first.element?.span.start ?? 0) },
      });
    }
  },
});

