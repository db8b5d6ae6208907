import { addressFieldLocation, attributeValue, defineRule, validPlacements, placementLabel } from '@pcilint/core';

/**
 * qemuDomainCollectPCIAddress (src/qemu/qemu_domain_address.c:1533): libvirt
 * treats IDE index 0 at 00:01.1 and PIIX3 USB index 0 (piix3-uhci or no
 * model) at 00:01.2 as i440fx's integrated PIIX3 functions, which need a
 * conventional PCI bus 0; q35's pcie.0 is not.
 */
export default defineRule({
  meta: {
    id: 'q35/no-piix3-functions',
    type: 'problem',
    docs: { description: "On q35, IDE controller index 0 and PIIX3 USB controller index 0 must not use i440fx's PIIX3 addresses 00:01.1 / 00:01.2.", rationale: "00:01.1 and 00:01.2 are the integrated PIIX3 IDE and USB functions of i440fx; on q35 libvirt refuses those controllers there (\"Bus 0 must be PCI for integrated PIIX3 USB or IDE controllers\")." },
    defaultSeverity: 'error',
    messages: {
      piix3: "{{label}}: {{address}} is i440fx's PIIX3 {{what}}, refused on q35; drop it.",
    },
  },
  check(graph, context) {
    if (graph.root?.model !== 'pcie-root') return;
    for (const p of validPlacements(graph)) {
      const node = p.node;
      if (node.kind !== 'device' || node.controllerIndex !== 0 || p.domain !== 0 || p.bus !== 0 || p.slot !== 1) continue;
      const written = attributeValue(node.element ?? undefined, 'model');
      const ide = node.controllerType === 'ide' && p.function === 1;
      const usb = node.controllerType === 'usb' && p.function === 2 && (written === undefined || written === 'piix3-uhci');
      if (!ide && !usb) continue;
      context.report({
        node,
        at: addressFieldLocation(p.address, 'function'),
        messageId: 'piix3',
        data: {
          // A USB controller without a model is piix3-uhci to libvirt on x86 (post-parse default).
          label: usb && written === undefined ? 'usb controller index 0 (piix3-uhci)' : node.label,
          address: placementLabel(p),
          what: ide ? 'IDE' : 'USB',
        },
      });
    }
  },
});
