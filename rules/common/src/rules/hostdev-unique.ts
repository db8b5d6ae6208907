import { defineRule, formatPciAddress, messageLabel, type DeviceNode } from '@pcilint/core';
import { lineOf, sourceOffset } from '../util/addressing.js';

/**
 * virDomainDefHostdevValidate
 * (src/conf/domain_validate.c) refuses two hostdevs matching the same host
 * device. `<interface type='hostdev'>` is copied into the hostdev list, so
 * it counts too (checked with the oracle); test hostdev-pci-duplicate. The
 * later element is reported, at its `<source><address>`.
 */
export default defineRule({
  meta: {
    id: 'common/hostdev-unique',
    type: 'problem',
    docs: {
      description:
        "A host PCI device can be assigned only once: two <hostdev type='pci'> or <interface type='hostdev'> must not name the same host address.",
      rationale:
        "libvirt refuses a domain that assigns the same host PCI device twice (\"Hostdev already exists in the domain configuration\").",
    },
    defaultSeverity: 'error',
    machineIndependent: true,
    messages: {
      duplicate: "Hostdev already exists in the domain configuration: {{host}} is also on line {{line}}.",
    },
  },
  check(graph, context) {
    const seen = new Map<string, DeviceNode>();
    const hostdevs = graph.devices.filter((d) => d.hostAddress).sort((a, b) => sourceOffset(a) - sourceOffset(b));
    for (const d of hostdevs) {
      const h = d.hostAddress!;
      const host = formatPciAddress(h.domain, h.bus, h.slot, h.function);
      const first = seen.get(host);
      if (!first) {
        seen.set(host, d);
        continue;
      }
      context.report({
        node: d,
        at: h.element,
        messageId: 'duplicate',
        data: { host, other: messageLabel(first, graph), line: lineOf(context.sourceText, sourceOffset(first)) },
      });
    }
  },
});
