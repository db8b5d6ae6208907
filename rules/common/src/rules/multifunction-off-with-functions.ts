import { defineRule, validPlacements, nodeLabel } from '@pcilint/core';
import { groupBySlot, slotLabel } from '../util/slots.js';

/**
 * `virDomainPCIAddressSetAllMulti`, `src/conf/domain_addr.c:1291`; QEMU `hw/pci/pci.c`: libvirt passes multifunction='off' through (the q35-multifunction
 * test output has it) and QEMU refuses to start: "PCI: single function device
 * can't be populated in function %x.%x" (hw/pci/pci.c).
 */
export default defineRule({
  meta: {
    id: 'common/multifunction-off-with-functions',
    type: 'problem',
    docs: { description: "Function 0 must not say multifunction='off' while other functions of its slot are used." },
    defaultSeverity: 'error',
    machineIndependent: true,
    fixable: true,
    messages: {
      off:
        "{{label}} at function 0 of slot {{slot}} has multifunction='off' but function(s) {{functions}} of the slot are used: QEMU refuses to start (\"PCI: single function device can't be populated in function {{slotShort}}.{{firstFunction}}\"). Set multifunction='on'.",
    },
  },
  check(graph, context) {
    for (const group of groupBySlot(validPlacements(graph))) {
      const others = [...new Set(group.filter((p) => p.function !== 0).map((p) => p.function))].sort((a, b) => a - b);
      if (others.length === 0) continue;
      for (const f0 of group.filter((p) => p.function === 0 && p.address.multifunction === 'off')) {
        const attr = f0.address.multifunctionAttr!;
        context.report({
          node: f0.node,
          at: attr,
          messageId: 'off',
          data: {
            label: nodeLabel(f0.node),
            slot: slotLabel(f0),
            slotShort: f0.slot.toString(16),
            functions: others.join(', '),
            firstFunction: others[0],
          },
          fix: (fixer) => fixer.setValue(attr, 'on'),
        });
      }
    }
  },
});
