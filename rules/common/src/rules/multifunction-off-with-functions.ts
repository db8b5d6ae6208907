import { addressFieldLocation, defineRule, validPlacements, messageLabel } from '@pcilint/core';
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
    docs: { description: "Function 0 must not say multifunction='off' while other functions of its slot are used.", rationale: "QEMU refuses to start when function 0 of a slot is single-function and other functions of the slot are used (\"PCI: single function device can't be populated in function N.M\")." },
    defaultSeverity: 'error',
    machineIndependent: true,
    fixable: true,
    messages: {
      off: "{{label}}: multifunction='off' at {{slot}}.0, but other functions are used; set 'on'.",
      offArgv: "{{label}}: multifunction=off at {{slot}}.0, but other functions are used; set on.",
      missingArgv: "{{label}} at {{slot}}.0 lacks multifunction=on (functions {{functions}} used): add it.",
    },
  },
  check(graph, context) {
    for (const group of groupBySlot(validPlacements(graph))) {
      const others = [...new Set(group.filter((p) => p.function !== 0).map((p) => p.function))].sort((a, b) => a - b);
      if (others.length === 0) continue;
      const argv = context.language === 'qemu-argv';
      // QEMU's default is off: on a command line function 0 without multifunction= is refused too.
      const absent = argv ? group.filter((p) => p.function === 0 && !p.address.multifunctionAttr) : [];
      for (const f0 of absent) {
        const element = f0.address.element;
        context.report({
          node: f0.node,
          at: addressFieldLocation(f0.address, 'function'),
          messageId: 'missingArgv',
          data: { label: messageLabel(f0.node, graph), slot: slotLabel(f0), functions: others.join(', ') },
          fix: (fixer) => fixer.setAttribute(element, 'multifunction', 'on'),
        });
      }
      for (const f0 of group.filter((p) => p.function === 0 && p.address.multifunction === 'off')) {
        const attr = f0.address.multifunctionAttr!;
        context.report({
          node: f0.node,
          at: attr,
          messageId: argv ? 'offArgv' : 'off',
          data: {
            label: messageLabel(f0.node, graph),
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
