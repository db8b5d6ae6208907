import {
  attribute, defineRule, devicesAwaitingPlacement, validPlacements, hasExplicitPciAddress, messageLabel, pciePorts,
  placementsBySlot, rootBusReservedSlots, type ControllerNode,
} from '@pcilint/core';

/**
 * virDomainPCIAddressSetGrow (test pcie-root-port-too-many): root ports
 * share pcie.0 slots 1-30, 8 per slot (slot 0x1f is the chipset's and holds
 * no aggregate devices), so at most 240; every slot held by another device
 * costs 8. Unaddressed root ports also spill onto pcie-expander-buses
 * (slots 0-31), which libvirt searches after bus 0.
 */
export default defineRule({
  meta: {
    id: 'q35/root-port-capacity',
    type: 'problem',
    docs: { description: 'q35 guests cannot have more pcie-root-ports on pcie.0 than its free slot functions can hold.', rationale: "Root ports without an address take functions of pcie.0: slots 1-30 (31 on virt) × 8 functions, minus the slots other devices hold. Beyond that libvirt fails (\"a PCI slot is needed to connect a PCI controller model='pcie-root-port', but none is available, and it cannot be automatically added\"). A PCIe switch or a pcie-expander-bus carries further ports." },
    defaultSeverity: 'error',
    messages: {
      tooMany: "{{ports}} pcie-root-ports need a function on pcie.0, only {{capacity}} fit: use a switch or expander bus.",
    },
  },
  check(graph, context) {
    const root = graph.buses.get(0);
    if (!root || root.model !== 'pcie-root') return;
    const placements = validPlacements(graph);
    const reserved = rootBusReservedSlots(graph, placements);
    const pending = devicesAwaitingPlacement(graph, placements);

    // Whole bus-0 slots that unaddressed dmi bridges, expander buses and
    // virtio-iommu will take (a dmi bridge already reserved at 00:1e excepted).
    let rootSlotsTaken = 0;
    let dmiAt1e = false;
    for (const p of pending) {
      if (p.needs !== 'root') continue;
      if (!dmiAt1e && p.node?.kind === 'controller' && p.node.model === 'dmi-to-pci-bridge' && reserved.get(0x1e) === messageLabel(p.node, graph)) {
        dmiAt1e = true;
        continue;
      }
      rootSlotsTaken++;
    }

    // Functions of pcie.0 usable by root ports: slots not reserved, 8 each.
    const bySlot = placementsBySlot(placements, 0);
    let usableSlots = 0;
    for (let slot = root.slotMin; slot <= root.slotMax; slot++) {
      if (reserved.has(slot)) continue;
      // One single-function root port (multifunction='off') closes its slot.
      if ((bySlot.get(slot) ?? []).some((p) => p.function === 0 && p.address.multifunction === 'off')) continue;
      usableSlots++;
    }
    const capacity = Math.max(0, usableSlots - rootSlotsTaken) * 8;

    // Free functions on pcie-expander-buses (slots 0-31, root ports only).
    let expanderFree = 0;
    for (const bus of graph.buses.values()) {
      if (bus.model !== 'pcie-expander-bus') continue;
      const slots = placementsBySlot(placements, bus.index);
      for (let slot = bus.slotMin; slot <= bus.slotMax; slot++) {
        const list = slots.get(slot) ?? [];
        if (list.some((p) => !(p.node.kind === 'controller' && p.node.model === 'pcie-root-port'))) continue;
        expanderFree += 8 - new Set(list.map((p) => p.function)).size;
      }
    }

    // Root ports needing pcie.0: explicit on bus 0, written without an
    // address, gap fillers (`qemuDomainPCIAddressSetCreate`, `src/qemu/qemu_domain_address.c:1646`), and ports libvirt will add for
    // devices without an address once the empty ports are used up.
    const explicitOnRoot = placements.filter((p) => p.domain === 0 && p.bus === 0 && p.node.kind === 'controller' && p.node.model === 'pcie-root-port');
    const unaddressed = graph.controllers.filter(
      (c): c is ControllerNode => c.origin === 'written' && c.model === 'pcie-root-port' && !hasExplicitPciAddress(c),
    );
    const ports = pciePorts(graph, placements);
    const gaps = ports.filter((p) => p.controller === null).length;
    const consumers = pending.filter((p) => p.needs === 'port').length;
    const predicted = Math.max(0, consumers - ports.filter((p) => p.empty).length);
    const needing = unaddressed.length + gaps + predicted;
    const total = explicitOnRoot.length + needing;
    if (total <= capacity + expanderFree) return;

    // libvirt places unaddressed PCI controllers in document order; the first
    // one without room is where define fails.
    const firstWithout = Math.max(0, capacity + expanderFree - explicitOnRoot.length);
    const culprit = unaddressed[firstWithout] ?? unaddressed[unaddressed.length - 1] ?? null;
    const devices = graph.domainElement.children.find((e) => e.name === 'devices') ?? null;
    const detail = [
      explicitOnRoot.length ? `${explicitOnRoot.length} addressed on bus 0` : '',
      unaddressed.length ? `${unaddressed.length} written without an address` : '',
      gaps ? `${gaps} libvirt adds to fill index gaps` : '',
      predicted ? `${predicted} libvirt adds for devices without an address` : '',
    ].filter(Boolean);
    const reservedInRange = [...reserved.entries()].filter(([slot]) => slot >= root.slotMin && slot <= root.slotMax && slot !== 0x1f);
    context.report({
      node: culprit ?? undefined,
      at: culprit ? attribute(culprit.element ?? undefined, 'model') ?? culprit.element : devices,
      messageId: 'tooMany',
      data: {
        ports: total,
        detail: detail.join(', '),
        capacity: capacity + expanderFree,
        slotRange: `1-${root.slotMax === 31 ? 30 : root.slotMax}`,
        reserved:
          reservedInRange.length + rootSlotsTaken > 0
            ? `, minus 8 for each of ${reservedInRange.length + rootSlotsTaken} slot(s) held by other devices${
                reservedInRange.length ? ` (${reservedInRange.map(([slot, what]) => `00:${slot.toString(16).padStart(2, '0')} ${what}`).join('; ')})` : ''
              }`
            : '',
        expander: expanderFree ? `, plus ${expanderFree} on pcie-expander-buses` : '',
      },
    });
  },
});
