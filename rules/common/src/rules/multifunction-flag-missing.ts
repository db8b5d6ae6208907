import { addressFieldLocation, defineRule, validPlacements, messageLabel } from '@pcilint/core';
import { groupBySlot, slotLabel } from '../util/slots.js';

/**
 * virDomainPCIAddressSetAllMulti (src/conf/domain_addr.c:1291):
 * libvirt writes the flag itself, so the XML changes on the first define.
 * Writing it keeps the definition stable (and is required on a QEMU command line).
 */
export default defineRule({
  meta: {
    id: 'common/multifunction-flag-missing',
    type: 'suggestion',
    docs: { description: "Function 0 of a slot whose other functions are used should say multifunction='on' explicitly.", rationale: "A slot whose other functions are used needs multifunction on function 0. libvirt adds multifunction='on' on define, so writing it keeps the XML stable. QEMU itself refuses a command line without it: \"PCI: single function device can't be populated in function N.M\"." },
    defaultSeverity: 'warn',
    machineIndependent: true,
    fixable: true,
    messages: {
      missing: "{{label}} at {{slot}}.0 lacks multifunction='on' (functions {{functions}} used): add it.",
    },
  },
  check(graph, context) {
    for (const group of groupBySlot(validPlacements(graph))) {
      const others = [...new Set(group.filter((p) => p.function !== 0).map((p) => p.function))].sort((a, b) => a - b);
      if (others.length === 0) continue;
      const f0 = group.find((p) => p.function === 0);
      if (!f0 || f0.address.multifunctionAttr) continue;
      // On a command line an absent multifunction is QEMU's default, off, which QEMU refuses:
      // common/multifunction-off-with-functions reports it there, as the error it is.
      if (context.language === 'qemu-argv') continue;
      const element = f0.address.element;
      context.report({
        node: f0.node,
        at: addressFieldLocation(f0.address, 'function'),
        messageId: 'missing',
        data: { label: messageLabel(f0.node, graph), slot: slotLabel(f0), functions: others.join(', ') },
        fix: (fixer) => fixer.setAttribute(element, 'multifunction', 'on'),
      });
    }
  },
});
