import { defineRule, explicitPlacements, placementLabel } from '@pcilint/core';
import { hasAddressTypeProblem } from '../util/addressing.js';

/**
 * `virPCIDeviceAddressIsEmpty`, `virDeviceInfoPCIAddressIsWanted`, `src/conf/device_conf.c:170`: virDomainPCIAddressValidate
 * (src/conf/domain_addr.c:417) accepts only domain 0. Guest PCI domains come
 * from pseries PHBs (`<target index>`) or s390 zPCI `uid`, never from this
 * field, so the fix (domain 0) is only offered elsewhere.
 */
export default defineRule({
  meta: {
    id: 'common/address-domain-zero',
    type: 'problem',
    docs: { description: "The domain of an <address type='pci'> must be 0: libvirt has a single PCI domain.", rationale: "libvirt refuses any PCI domain but 0 (\"Invalid PCI address ... Only PCI domain 0 is available\"). On pseries an extra PHB (a pci-root controller with another index) gives a device a bus of its own; on s390x the guest sees the zPCI uid as its domain." },
    defaultSeverity: 'error',
    fixable: true,
    messages: {
      nonZeroDomain: "PCI address {{address}} is outside domain 0, the only one: use domain 0{{hint}}.",
    },
  },
  check(graph, context) {
    const family = graph.machine.family;
    const hint =
      family === 'pseries'
        ? ' and an extra PHB'
        : family === 's390-ccw'
          ? ' (set <zpci uid> for the guest domain)'
          : '';
    for (const p of explicitPlacements(graph)) {
      if (p.domain === 0 || !p.address.domain) continue;
      if (p.node.kind === 'controller' && p.node.info?.root) continue; // common/root-has-no-address
      if (hasAddressTypeProblem(p.node)) continue; // refused earlier: common/address-type-supported
      const fixable = family !== 'pseries' && family !== 's390-ccw';
      const domainAttr = p.address.domain.attr;
      context.report({
        node: p.node,
        at: p.address.domain.attr,
        messageId: 'nonZeroDomain',
        data: { address: placementLabel(p), hint },
        fix: fixable ? (fixer) => fixer.setValue(domainAttr, '0x0000') : null,
      });
    }
  },
});
