import {
  busAcceptsExplicit,
  CONNECT_TYPE_LABEL,
  CONTROLLER_MODELS,
  defineRule,
  explicitPlacements,
  messageLabel,
  offeredTypes,
  placementLabel,
  type ConnectType,
} from '@pcilint/core';
import { hasAddressTypeProblem } from '../util/addressing.js';

/**
 * libvirt names the missing connect type in this priority order
 * (virDomainPCIAddressFlagsCompatible, src/conf/domain_addr.c:295). For an
 * explicit address a pci-bridge also counts as a standard PCI device, so it
 * is reported as one.
 */
const LIBVIRT_ORDER: readonly ConnectType[] = [
  'pci-endpoint',
  'pcie-endpoint',
  'pcie-root-port',
  'pcie-switch-upstream-port',
  'pcie-switch-downstream-port',
  'dmi-to-pci-bridge',
  'pcie-to-pci-bridge',
  'pci-expander-bus',
  'pcie-expander-bus',
  'pci-bridge',
];

/**
 * virDomainPCIAddressFlagsCompatible (src/conf/domain_addr.c:295; relaxed for explicit
 * addresses) with the bus flags of virDomainPCIAddressBusSetModel; tests q35-dmi-bad-address2,
 * pci-expander-bus-bad-bus. Left to other rules: a missing bus
 * (common/address-bus-exists), virtio-iommu (common/integrated-on-root),
 * a refused address type (common/address-type-supported), roots with an
 * address (common/root-has-no-address), and PCIe-only controllers on a
 * pci-root machine, where no bus takes them (common/pcie-controllers-need-pcie-root).
 */
export default defineRule({
  meta: {
    id: 'common/parent-accepts-child',
    type: 'problem',
    docs: {
      description:
        'The bus an explicit PCI address names must accept that kind of device or controller (for example a dmi-to-pci-bridge needs pcie-root, not a root port).',
      rationale:
        "libvirt refuses a device whose explicit address puts it on a controller that does not accept its connect type (\"The device at PCI address ... cannot be plugged into the PCI controller with index=N. It requires a controller that accepts a ...\", virDomainPCIAddressFlagsCompatible).",
    },
    defaultSeverity: 'error',
    messages: {
      notAccepted: "{{label}} cannot go on {{parent}} index {{bus}}: use {{parents}}.",
      notAcceptedAnywhere: "{{label}} cannot go on {{parent}} index {{bus}}, nor on any bus of this machine.",
    },
  },
  check(graph, context) {
    const pciRootMachine = graph.machine.expectedRoot === 'pci-root';
    for (const p of explicitPlacements(graph)) {
      if (p.domain !== 0 || p.bus > 0xff) continue;
      const bus = graph.buses.get(p.bus);
      if (!bus) continue;
      const node = p.node;
      if (node.kind === 'controller' && (node.info?.root || (pciRootMachine && node.info?.expressOnly))) continue;
      if (node.kind === 'device' && node.connect === 'integrated') continue;
      if (hasAddressTypeProblem(node)) continue;
      const offered = offeredTypes(graph, node);
      if (offered.length === 0 || busAcceptsExplicit(bus, offered)) continue;
      const required = LIBVIRT_ORDER.find((t) => offered.includes(t)) ?? offered[0];
      const parents = Object.values(CONTROLLER_MODELS)
        // Only models this machine can have: its own root, no PCIe-only bus on
        // a pci-root machine, pci-expander-bus on i440fx only (`qemuDomainValidateDevicePCISlotsPIIX3`, `src/qemu/qemu_domain_address.c:1755`).
        .filter((m) => (m.root ? m.model === graph.machine.expectedRoot : !(pciRootMachine && m.expressOnly)))
        .filter((m) => m.model !== 'pci-expander-bus' || graph.machine.family === 'i440fx')
        .filter((m) => busAcceptsExplicit({ ...bus, accepts: m.accepts }, offered))
        .map((m) => m.model);
      context.report({
        node,
        at: p.address.bus?.attr ?? p.address.element,
        messageId: parents.length === 0 ? 'notAcceptedAnywhere' : 'notAccepted',
        data: {
          label: messageLabel(node, graph),
          address: placementLabel(p),
          bus: p.bus,
          parent: bus.model,
          required: CONNECT_TYPE_LABEL[required],
          what: node.kind === 'controller' ? `A ${node.model}` : `A ${CONNECT_TYPE_LABEL[required]}`,
          parents: parents.length === 0 ? 'no PCI controller' : parents.join(', ').length > 36 ? `${parents[0]}, ...` : parents.join(', '),
        },
      });
    }
  },
});
