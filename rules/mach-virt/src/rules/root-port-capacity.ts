import { attribute, defineRule, validPlacements } from '@pcilint/core';
import { rootPortDemand } from '../util/root-port-demand.js';

/**
 * For virt, the capacity is 31 slots × 8 = 248, since there
 * are no chipset slots (virDomainPCIAddressSetGrow;
 * test pcie-root-port-too-many is the q35 twin). The q35 pack's rule counts
 * 240 (slot 0x1f is the chipset's) and runs on q35 only. The libvirt 9.0
 * oracle on aarch64 virt: 248 unaddressed root ports are accepted (the last
 * at 00:1f.7, and QEMU 7.2 starts), 249 are refused; with a device
 * addressed at 00:05.0, 240 are accepted and 241 refused.
 */
export default defineRule({
  meta: {
    id: 'mach-virt/root-port-capacity',
    type: 'problem',
    docs: { description: 'virt guests cannot have more pcie-root-ports on pcie.0 than its 31 slots × 8 functions, minus slots held by other devices.', rationale: "Root ports without an address take functions of pcie.0: slots 1-31 × 8 functions (virt reserves no chipset slot), minus the slots other devices hold. Beyond that libvirt fails (\"a PCI slot is needed to connect a PCI controller model='pcie-root-port', but none is available, and it cannot be automatically added\"). A PCIe switch or a pcie-expander-bus carries further ports." },
    defaultSeverity: 'error',
    messages: {
      tooMany: "{{ports}} pcie-root-ports need a function on pcie.0, only {{capacity}} fit: use a switch or expander bus.",
    },
  },
  check(graph, context) {
    const root = graph.buses.get(0);
    if (!root || root.model !== 'pcie-root') return;
    const demand = rootPortDemand(graph, root, validPlacements(graph));
    if (demand.total <= demand.capacity) return;

    // libvirt places unaddressed PCI controllers in document order; the first one without room is where define fails.
    const firstWithout = Math.max(0, demand.capacity - demand.explicitOnRoot);
    const culprit = demand.unaddressed[firstWithout] ?? demand.unaddressed[demand.unaddressed.length - 1] ?? null;
    const devices = graph.domainElement.children.find((e) => e.name === 'devices') ?? null;
    const detail = [
      demand.explicitOnRoot ? `${demand.explicitOnRoot} addressed on bus 0` : '',
      demand.unaddressed.length ? `${demand.unaddressed.length} written without an address` : '',
      demand.gaps ? `${demand.gaps} libvirt adds to fill index gaps` : '',
      demand.predicted ? `${demand.predicted} libvirt adds for devices without an address${demand.spare ? ', its one spare included' : ''}` : '',
      demand.bridgePort ? '1 libvirt adds for the pcie-to-pci-bridge that conventional PCI devices need' : '',
    ].filter(Boolean);
    const held = demand.reserved.length + demand.rootSlotsTaken;
    const where = demand.reserved.map(([slot, what]) => `00:${slot.toString(16).padStart(2, '0')} ${what}`).join('; ');
    context.report({
      node: culprit ?? undefined,
      at: culprit ? attribute(culprit.element ?? undefined, 'model') ?? culprit.element : devices,
      messageId: 'tooMany',
      data: {
        ports: demand.total,
        detail: detail.join(', '),
        capacity: demand.capacity,
        reserved: held > 0 ? `, minus 8 for each of ${held} slot(s) held by other devices${where ? ` (${where})` : ''}` : '',
        expander: demand.expanderFree ? `, plus ${demand.expanderFree} on pcie-expander-buses` : '',
      },
    });
  },
});
