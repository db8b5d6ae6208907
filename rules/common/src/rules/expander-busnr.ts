import { attribute, defineRule, messageLabel, minOf, type RuleFixer } from '@pcilint/core';
import { optionName } from '../util/qemu-properties.js';
import { busNumberDemand, expanderBusNrs, type BusNumberDemand, type ExpanderBusNr } from '../util/bus-numbers.js';

/**
 * qemuDomainAddressFindNewBusNr and QEMU hw/pci-bridge/pci_expander_bridge.c. Two refusals:
 * - two expander buses with the same busNr: QEMU registers each one's root
 *   bus under that number and refuses the second, "Bus %d is already in use"
 *   (pxb_register_bus, hw/pci-bridge/pci_expander_bridge.c). libvirt does
 *   not check. Oracle: libvirt accepts two pxbs (i440fx) or two pxb-pcies
 *   (q35) with busNr='200'; QEMU 7.2 then fails with "Bus 200 is already in use";
 * - an expander without busNr when some busNr is already 2 or less: libvirt
 *   cannot pick one below it (qemuDomainAddressFindNewBusNr,
 *   src/qemu/qemu_domain_address.c:2534). Oracle: "No free busNr lower than
 *   current lowest busNr is available to auto-assign to bus 0. Must be
 *   manually assigned" (with busNr 3 it assigns 1).
 * Whether the buses behind each expander fit between the busNr values is
 * common/bus-number-budget's question. The i440fx pack's pxb-placement rule
 * leaves busNr to these two rules.
 */
export default defineRule({
  meta: {
    id: 'common/expander-busnr',
    type: 'problem',
    docs: { description: 'Each pci-expander-bus and pcie-expander-bus needs a busNr of its own, which libvirt can only pick when the lowest one is above 2.', rationale: "QEMU refuses to start when two expander buses have the same bus number (\"Bus N is already in use\"); libvirt does not check. libvirt auto-assigns a busNr only below the lowest written one and otherwise refuses the domain (\"No free busNr lower than current lowest busNr is available to auto-assign to bus N. Must be manually assigned\")." },
    defaultSeverity: 'error',
    fixable: true,
    messages: {
      duplicate: "{{label}} has {{setting}}, like {{other}}: give it its own{{suggestion}}.",
      noAutoBusNr: "{{label}} has no {{name}}, and none is free below {{lowestBusNr}}: write one.",
    },
  },
  check(graph, context) {
    const expanders = expanderBusNrs(graph);
    if (expanders.length === 0) return;
    for (const e of expanders) {
      if (e.busNr !== null) continue;
      const lowest = blocker(expanders, e);
      context.report({
        node: e.controller,
        at: attribute(e.controller.element ?? undefined, 'model') ?? null,
        messageId: 'noAutoBusNr',
        data: {
          label: messageLabel(e.controller, graph),
          lowest: lowest ? messageLabel(lowest.controller, graph) : 'another controller',
          lowestBusNr: lowest?.busNr ?? '?',
          name: optionName('busNr', context.language),
          bus: e.controller.address?.bus?.value ?? 0,
        },
      });
    }

    let demand: BusNumberDemand | undefined;
    const first = new Map<number, ExpanderBusNr>();
    let lowestValue = minOf(expanders.map((e) => e.busNr ?? 256), Infinity);
    for (const e of expanders) {
      if (e.busNr === null) continue;
      const owner = first.get(e.busNr);
      if (!owner) {
        first.set(e.busNr, e);
        continue;
      }
      const attr = e.controller.target.busNr?.attr;
      demand ??= busNumberDemand(context.prediction);
      // Renumber below every expander, leaving room for this one's buses, and above bus 0's hierarchy.
      const need = demand.byExpander.get(e.controller.index) ?? (e.controller.model === 'pci-expander-bus' ? 2 : 1);
      const candidate = lowestValue - need;
      const busNrText = String(candidate);
      const fix = attr && candidate >= demand.main ? (fixer: RuleFixer) => fixer.setValue(attr, busNrText) : null;
      if (fix) lowestValue = candidate;
      context.report({
        node: e.controller,
        at: attr ?? null,
        messageId: 'duplicate',
        data: {
          label: messageLabel(e.controller, graph),
          busNr: e.busNr,
          setting: context.language === 'qemu-argv' ? `bus_nr=${e.busNr}` : `busNr ${e.busNr}`,
          other: messageLabel(owner.controller, graph),
          suggestion: fix ? ` (${candidate} fits)` : '',
        },
        fix,
      });
    }
  },
});

/**
 * The expander holding the lowest busNr libvirt sees when it numbers
 * `target`: every written one, and those it numbered earlier (index order).
 */
function blocker(expanders: readonly ExpanderBusNr[], target: ExpanderBusNr): ExpanderBusNr | undefined {
  let lowest: ExpanderBusNr | undefined;
  for (const e of expanders) {
    if (e.busNr === null || (!e.written && e.controller.index > target.controller.index)) continue;
    if (!lowest || e.busNr < lowest.busNr!) lowest = e;
  }
  return lowest;
}
