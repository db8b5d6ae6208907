import { attribute, defineRule, effectiveChassisNr, messageLabel, type ControllerNode } from '@pcilint/core';
import { optionName } from '../util/qemu-properties.js';

/**
 * QEMU hw/pci/slotid_cap.c and hw/pci-bridge/pci_expander_bridge.c: a pci-bridge's
 * chassis_nr (default = index) feeds the slot-id capability and should be
 * unique; a pci-expander-bus's internal bridge uses chassis_nr = busNr
 * (hw/pci-bridge/pci_expander_bridge.c). QEMU on x86 does not refuse a
 * duplicate (pseries does: pseries/bridge-chassis-unique), hence a warning.
 */
export default defineRule({
  meta: {
    id: 'common/bridge-chassisnr-unique',
    type: 'problem',
    docs: { description: "A pci-bridge's chassisNr should differ from every other pci-bridge's and from every pci-expander-bus busNr.", rationale: "Bridge chassis numbers should be unique: the guest identifies hotplug slots by them (SHPC/ACPI slot naming). The internal bridge of a pci-expander-bus uses the expander's busNr as its chassis number." },
    defaultSeverity: 'warn',
    machineIndependent: true,
    messages: {
      duplicate: "{{label}} has {{setting}}{{how}}, like {{other}}: give each bridge its own {{name}}.",
      expanderBusNr: "{{label}} has {{setting}}{{how}}, the {{busNrName}} of {{other}}: pick another {{name}}.",
    },
  },
  check(graph, context) {
    // On pseries QEMU refuses the duplicate ("Bridge chassis N already in use"): pseries/bridge-chassis-unique reports it as an error.
    if (graph.machine.family === 'pseries') return;
    const written = graph.controllers.filter((c) => c.origin === 'written' && c.index !== null);
    const bridges = written.filter((c) => c.model === 'pci-bridge');
    const expanders = written.filter((c) => c.model === 'pci-expander-bus' && c.target.busNr?.value != null);
    const seen = new Map<number, ControllerNode>();
    const at = (c: ControllerNode) => c.target.chassisNr?.attr ?? attribute(c.element ?? undefined, 'index') ?? null;
    const how = (c: ControllerNode) => (c.target.chassisNr ? '' : ' (its index)');
    const name = optionName('chassisNr', context.language);
    const setting = (value: number) => (context.language === 'qemu-argv' ? `${name}=${value}` : `${name} ${value}`);
    // Bridges whose chassisNr is their own index keep it; others are reported.
    const ordered = [...bridges].sort((a, b) => Number(effectiveChassisNr(b) === b.index) - Number(effectiveChassisNr(a) === a.index));
    for (const c of ordered) {
      const value = effectiveChassisNr(c);
      if (value === null) continue;
      const pxb = expanders.find((e) => e.target.busNr!.value === value);
      if (pxb) {
        context.report({ node: c, at: at(c), messageId: 'expanderBusNr', data: { label: messageLabel(c, graph), value, setting: setting(value), name, busNrName: optionName('busNr', context.language), how: how(c), other: messageLabel(pxb, graph) } });
        continue;
      }
      const first = seen.get(value);
      if (first && first.index !== c.index) {
        context.report({ node: c, at: at(c), messageId: 'duplicate', data: { label: messageLabel(c, graph), value, setting: setting(value), name, how: how(c), other: messageLabel(first, graph) } });
      } else if (!first) {
        seen.set(value, c);
      }
    }
  },
});
