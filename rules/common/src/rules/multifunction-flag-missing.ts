import { addressFieldLocation, defineRule, validPlacements, nodeLabel } from '@pcilint/core';
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
    docs: { description: "Function 0 of a slot whose other functions are used should say multifunction='on' explicitly." },
    defaultSeverity: 'warn',
    machineIndependent: true,
    fixable: true,
    messages: {
      missing:
        "{{label}} at function 0 of slot {{slot}} has no multifunction attribute while function(s) {{functions}} of the slot are used: libvirt adds multifunction='on' on define, so write it to keep the XML stable.",
    },
  },
  check(graph, context) {
    for (const group of groupBySlot(validPlacements(graph))) {
      const others = [...new Set(group.filter((p) => p.function !== 0).map((p) => p.function))].sort((a, b) => a - b);
      if (others.length === 0) continue;
      const f0 = group.find((p) => p.function === 0);
      if (!f0 || f0.address.multifunctionAttr) continue;
      const element = f0.address.element;
      context.report({
        node: f0.node,
        at: addressFieldLocation(f0.address, 'function'),
        messageId: 'missing',
        data: { label: nodeLabel(f0.node), slot: slotLabel(f0), functions: others.join(', ') },
        fix: (fixer) => fixer.setAttribute(element, 'multifunction', 'on'),
      });
    }
  },
});
