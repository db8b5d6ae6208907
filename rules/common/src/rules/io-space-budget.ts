import {
  attribute, defineRule, validPlacements, hasSharedIoSpace, isPcieHotplugPort,
  type ControllerNode, type Placement,
} from '@pcilint/core';

/**
 * `hw/pci-bridge/gen_pcie_root_port.c`: x86 has 64 KiB of IO ports, handed
 * out to bridges in 4 KiB windows; QEMU's guidance is about 9 PCI-PCI bridges
 * or 10 ports with IO devices (docs/pcie.txt §3, §5.1).
 *
 * Windows nest: a bridge's window covers its child bridges' windows plus 4 KiB
 * for IO BARs of devices directly on it (SeaBIOS pci_bios_check_devices sums
 * child windows, each 4 KiB aligned). pci-bridge and pcie-to-pci-bridge always
 * get at least 4 KiB (SHPC hotplug reservation); dmi-to-pci-bridge, expander
 * buses and root/downstream/upstream ports only when something below needs IO
 * (IO is optional for PCIe ports). The figure is the sum over top-level
 * bridges, which is what the 64 KiB must hold. Only explicit addresses count.
 */
export default defineRule({
  meta: {
    id: 'common/io-space-budget',
    type: 'suggestion',
    docs: { description: 'x86 guests should not need more 4 KiB IO port windows for bridges and ports than the 64 KiB IO space can provide.', rationale: "x86 has 64 KiB of IO port space and each bridge or port subtree with an IO BAR behind it takes a 4 KiB window; firmware runs out at about 10-15 windows and leaves devices without IO resources. Modern virtio and PCI Express devices need no IO BARs; legacy devices grouped behind one pcie-to-pci-bridge share one window." },
    defaultSeverity: 'warn',
    messages: {
      tight: "{{count}} IO windows of 4 KiB needed ({{breakdown}}), over {{limit}}: use devices without IO BARs.",
      exhausted: "{{count}} IO windows of 4 KiB needed ({{breakdown}}), over {{limit}}: the x86 IO space is exhausted.",
    },
  },
  check(graph, context) {
    if (!hasSharedIoSpace(graph.machine.family)) return;
    const placements = validPlacements(graph);
    const bridges = graph.controllers.filter((c) => c.origin === 'written' && c.info && !c.info.root && c.index !== null && graph.buses.get(c.index)?.controller === c);
    const byIndex = new Map(bridges.map((c) => [c.index!, c] as const));
    const placementOf = new Map(placements.map((p) => [p.node, p] as const));
    const parentOf = (c: ControllerNode) => {
      const p = placementOf.get(c);
      return p ? byIndex.get(p.bus) : undefined;
    };
    // Children and I/O users by bus, once: looking them up per bridge was quadratic in controllers.
    const childrenOf = new Map<ControllerNode, ControllerNode[]>();
    for (const child of bridges) {
      const parent = parentOf(child);
      if (!parent) continue;
      const list = childrenOf.get(parent);
      if (list) list.push(child);
      else childrenOf.set(parent, [child]);
    }
    const onBus = new Map<number, typeof placements[number][]>();
    for (const p of placements) {
      if (p.domain !== 0) continue;
      const list = onBus.get(p.bus);
      if (list) list.push(p);
      else onBus.set(p.bus, [p]);
    }
    const windows = new Map<ControllerNode, number>();
    const visiting = new Set<ControllerNode>();
    const units = (c: ControllerNode): number => {
      const known = windows.get(c);
      if (known !== undefined) return known;
      if (visiting.has(c)) return 0;
      visiting.add(c);
      let sum = 0;
      for (const child of childrenOf.get(c) ?? []) sum += units(child);
      if ((onBus.get(c.index!) ?? []).some((p) => needsIo(p, c))) sum += 1;
      if (sum === 0 && (c.model === 'pci-bridge' || c.model === 'pcie-to-pci-bridge')) sum = 1;
      windows.set(c, sum);
      return sum;
    };
    const top = bridges.filter((c) => parentOf(c) === undefined);
    let count = 0;
    const byModel = new Map<string, number>();
    const thresholds = [
      { limit: context.settings.ioWindowError, messageId: 'exhausted' },
      { limit: context.settings.ioWindowWarn, messageId: 'tight' },
    ];
    let crossing: { node: ControllerNode; messageId: string; limit: number } | null = null;
    for (const c of top) {
      const u = units(c);
      if (u === 0) continue;
      count += u;
      byModel.set(c.model!, (byModel.get(c.model!) ?? 0) + u);
      // Point at the top-level controller that pushes the count over the highest threshold crossed.
      const t = thresholds.find((x) => count > x.limit);
      if (t && (!crossing || (crossing.messageId !== t.messageId && t.messageId === 'exhausted'))) crossing = { node: c, ...t };
    }
    if (!crossing) return;
    const breakdown = [...byModel].map(([model, n]) => `${model} subtrees: ${n}`).join(', ');
    context.report({
      node: crossing.node,
      at: attribute(crossing.node.element ?? undefined, 'model') ?? null,
      messageId: crossing.messageId,
      data: { count, breakdown, limit: crossing.limit },
    });
  },
});

/**
 * Whether a device at `p` on bus `c` has IO BARs the bridge must forward:
 * `always`, or generic virtio (`conventional-slot`) anywhere but a PCIe port,
 * where it is modern-only (QEMU `hw/virtio/virtio-pci.c`, `virtio_pci_realize`).
 */
function needsIo(p: Placement, c: ControllerNode): boolean {
  if (p.node.kind !== 'device') return false;
  if (p.node.ioBar === 'always') return true;
  return p.node.ioBar === 'conventional-slot' && !(c.model && isPcieHotplugPort(c.model));
}
