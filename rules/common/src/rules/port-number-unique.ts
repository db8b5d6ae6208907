import { attribute, defineRule, hex, isPciePortController, messageLabel, type PredictedController, type RuleFixer } from '@pcilint/core';

/**
 * Duplicate port values do not make QEMU fail; they are only odd. The `port` of a pcie-root-port or
 * pcie-switch-downstream-port is the PCIe Port Number QEMU writes into the
 * port's link capabilities; real hardware numbers the ports under one parent
 * uniquely. libvirt's defaults do (qemuDomainAssignPCIAddresses,
 * src/qemu/qemu_domain_address.c:2826: (slot << 3) + function for root
 * ports, the slot for downstream ports); a hand-written value can collide,
 * also with a port libvirt adds. QEMU 7.2 starts either way (oracle), hence
 * a warning.
 */
export default defineRule({
  meta: {
    id: 'common/port-number-unique',
    type: 'suggestion',
    docs: { description: 'PCIe root and downstream ports under the same parent bus should have different port numbers.', rationale: "QEMU accepts two PCIe ports with one port number under the same parent, but the guest then sees two ports with one number; real hardware numbers them uniquely. libvirt's default port is (slot << 3) + function of a root port's address, the slot of a downstream port's." },
    defaultSeverity: 'warn',
    fixable: true,
    messages: {
      duplicate: "{{label}} has port {{port}}, like {{other}}: give it its own{{suggestion}}.",
      duplicateArgv: "{{label}} has port={{port}}, like {{other}}{{suggestion}}.",
    },
  },
  check(graph, context) {
    // Defaults follow distinct addresses, so only a written port number can collide.
    if (!graph.controllers.some((c) => c.origin === 'written' && isPciePortController(c) && c.target.port)) return;
    const prediction = context.prediction;
    const groups = new Map<string, PredictedController[]>();
    for (const c of prediction.controllers) {
      if ((c.model !== 'pcie-root-port' && c.model !== 'pcie-switch-downstream-port') || !c.address || c.target.port === undefined) continue;
      const key = `${c.address.bus}:${c.target.port}`;
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    const usedByBus = new Map<number, Set<number>>();
    for (const c of prediction.controllers) {
      if (c.address && c.target.port !== undefined) usedByBus.set(c.address.bus, (usedByBus.get(c.address.bus) ?? new Set()).add(c.target.port));
    }
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      // The port carrying its own default keeps the number; libvirt's added ports always do.
      const keeper = group.find((c) => c.target.port === defaultPort(c)) ?? group[0];
      for (const c of group) {
        if (c === keeper || !c.node || c.origin !== 'written') continue;
        const attr = c.node.target.port?.attr;
        const wanted = defaultPort(c);
        const used = usedByBus.get(c.address!.bus)!;
        const free = wanted !== null && !used.has(wanted);
        const fix = free && attr && c.addressOrigin === 'explicit' ? (fixer: RuleFixer) => fixer.setValue(attr, hex(wanted, 1)) : null;
        if (free) used.add(wanted);
        context.report({
          node: c.node,
          at: attr ?? attribute(c.node.element ?? undefined, 'index') ?? null,
          messageId: context.language === 'qemu-argv' ? 'duplicateArgv' : 'duplicate',
          data: {
            label: messageLabel(c.node, graph),
            port: context.language === 'qemu-argv' ? c.target.port! : hex(c.target.port!, 1),
            other: keeper.node ? (context.language === 'qemu-argv' ? messageLabel(keeper.node, graph) : `index ${keeper.index}`) : `the ${keeper.model} index ${keeper.index} libvirt adds`,
            bus: c.address!.bus,
            rule: c.model === 'pcie-root-port' ? '(slot << 3) + function of its address' : 'the slot of its address',
            suggestion: context.language === 'qemu-argv' ? (free ? `: set port=${wanted}` : ': give it its own port=') : !free ? '' : `, port='${hex(wanted, 1)}'`,
          },
          fix,
        });
      }
    }
  },
});

/** libvirt's default port for the controller at its (explicit or predicted) address. */
function defaultPort(c: PredictedController): number | null {
  if (!c.address) return null;
  return c.model === 'pcie-root-port' ? (c.address.slot << 3) + c.address.fn : c.address.slot;
}
