import { defineRule, nodesWithPciAddress, messageLabel, type XmlAttribute } from '@pcilint/core';

/**
 * a PCI address whose domain, bus and slot are all 0
 * is "empty" (virPCIDeviceAddressIsEmpty) and means "assign one for me"
 * (virDeviceInfoPCIAddressIsWanted, src/conf/device_conf.c:170): libvirt then
 * overwrites the whole address, so a `function` or `multifunction` written
 * there is silently dropped. Oracle: function='0x3' multifunction='on' and
 * multifunction='off' on such addresses come back as 00:02.0, 00:03.0 and
 * 00:04.0 without multifunction. The author usually meant a real slot.
 */
export default defineRule({
  meta: {
    id: 'common/address-empty-means-auto',
    type: 'suggestion',
    docs: {
      description:
        "A PCI address with domain, bus and slot 0 asks libvirt to pick the address; a function or multifunction written on it is ignored.",
      rationale:
        "An address whose domain, bus and slot are all 0 asks libvirt to choose the address (00:00 is the host bridge): the other fields written in it are silently ignored and the device is auto-assigned.",
    },
    defaultSeverity: 'warn',
    machineIndependent: true,
    fixable: true,
    messages: {
      ignored: "{{label}}: address 00:00 is auto, so {{ignored}} {{is}} ignored; remove {{them}}.",
    },
  },
  check(graph, context) {
    for (const { node, address } of nodesWithPciAddress(graph)) {
      if (!address.empty) continue;
      const ignored: XmlAttribute[] = [];
      const fn = address.function;
      if (fn && fn.value !== null && fn.value !== 0) ignored.push(fn.attr);
      if (address.multifunction && address.multifunctionAttr) ignored.push(address.multifunctionAttr);
      if (ignored.length === 0) continue;
      context.report({
        node,
        at: ignored[0],
        messageId: 'ignored',
        data: {
          label: messageLabel(node, graph),
          // Both at once: the names are enough, the values do not matter.
          ignored: ignored.length === 1 ? `${ignored[0]!.name}='${ignored[0]!.value}'` : ignored.map((a) => a.name).join(' and '),
          is: ignored.length > 1 ? 'are' : 'is',
          them: ignored.length > 1 ? 'them' : 'it',
        },
        fix: (fixer) => fixer.removeAttributes(ignored),
      });
    }
  },
});
