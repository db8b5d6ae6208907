import { attribute, defineRule, effectiveChassis, isPciePortController, messageLabel, type ControllerNode, type FixFunction } from '@pcilint/core';

/**
 * QEMU pcie_chassis_add_slot (hw/pci/pcie_port.c) requires (chassis, slot) to be
 * unique across root and downstream ports; libvirt never sets `slot`, so the
 * effective chassis (default = index) must be unique. QEMU:
 * "Can't add chassis slot, error -16" (hw/pci/pcie_port.c pcie_chassis_add_slot).
 * libvirt does not check.
 */
export default defineRule({
  meta: {
    id: 'common/chassis-unique',
    type: 'problem',
    docs: { description: 'Every pcie-root-port and pcie-switch-downstream-port must have its own chassis number.', rationale: "QEMU refuses to start when two PCIe ports have the same chassis and slot (\"Can't add chassis slot, error -16\"); libvirt does not check." },
    defaultSeverity: 'error',
    machineIndependent: true,
    fixable: true,
    messages: {
      duplicate: "{{label}} has chassis {{chassis}}{{how}}, like {{other}}: give it its own.",
    },
  },
  check(graph, context) {
    const ports = graph.controllers.filter((c): c is ControllerNode => c.origin === 'written' && isPciePortController(c) && c.index !== null);
    const byChassis = new Map<number, ControllerNode[]>();
    for (const c of ports) {
      const chassis = effectiveChassis(c);
      if (chassis === null) continue;
      const list = byChassis.get(chassis);
      if (list) list.push(c);
      else byChassis.set(chassis, [c]);
    }
    const used = new Set(byChassis.keys());
    for (const [chassis, list] of byChassis) {
      if (list.length < 2) continue;
      // Keep the port whose chassis is its own index (the default); report the others.
      const keeper = list.find((c) => c.index === chassis) ?? list[0];
      for (const c of list) {
        // Two ports with one index are common/controller-index-unique's finding.
        if (c === keeper || c.index === keeper.index) continue;
        const attr = c.target.chassis?.attr;
        let fix: FixFunction | null = null;
        if (attr && c.index !== null && !used.has(c.index) && c.index <= 255) {
          const chassisValue = String(c.index);
          fix = (fixer) => fixer.setValue(attr, chassisValue);
          used.add(c.index);
        }
        context.report({
          node: c,
          at: attr ?? attribute(c.element ?? undefined, 'index') ?? null,
          messageId: 'duplicate',
          data: { label: messageLabel(c, graph), chassis, how: attr ? '' : ' (its index)', other: messageLabel(keeper, graph) },
          fix,
        });
      }
    }
  },
});
