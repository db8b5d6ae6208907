import { attribute, defineRule, messageLabel } from '@pcilint/core';
import { optionName } from '../util/qemu-properties.js';
import { busNumberDemand, expanderBusNrs, type ExpanderBusNr } from '../util/bus-numbers.js';

/**
 * QEMU docs/pcie.txt §4 and hw/pci-bridge/pci_expander_bridge.c. A PCI
 * domain has 256 bus numbers. The firmware numbers bus 0's hierarchy
 * depth-first from 0, then each expander bus from its busNr, so the buses
 * behind bus 0 must fit below the lowest busNr, and the buses behind an
 * expander between its busNr and the next one (256 for the highest)
 * (docs/pcie.txt §4; qemuDomainAddressFindNewBusNr's comment,
 * src/qemu/qemu_domain_address.c:2534). Neither libvirt nor QEMU checks.
 * Oracle (QEMU 7.2, SeaBIOS, --boot): a pxb-pcie with busNr 254 and three
 * root ports starts, but the firmware gives the ports buses 255, 0 and 1 and
 * the NIC behind the second one is gone from the guest's PCI tree. QEMU
 * accepts the configuration, so this is a warning. Counted on the predicted
 * topology (`qemuDomainAssignPCIAddresses`, `src/qemu/qemu_domain_address.c:2605`): root ports libvirt adds take bus numbers too.
 */
export default defineRule({
  meta: {
    id: 'common/bus-number-budget',
    type: 'problem',
    docs: { description: 'The buses behind bus 0 and behind each expander bus must fit in the bus numbers between the expanders\' busNr values.', rationale: "The guest firmware numbers buses depth-first: bus 0 and every bridge or port behind it take numbers below the lowest expander busNr, and each expander needs its root bus (and a pci-expander-bus its internal bridge) plus one number per bridge or port below it, up to 255. When the numbers run out, the firmware numbers buses into another hierarchy's range and the devices behind them disappear from the guest." },
    defaultSeverity: 'warn',
    messages: {
      expanderOverflow: "{{label}} from bus {{busNr}} needs {{need}} bus numbers, {{available}} are free. {{advice}}",
      mainOverflow: "Bus 0 needs numbers 0-{{last}}, but {{label}} starts at {{busNr}}. {{advice}}",
    },
  },
  check(graph, context) {
    const expanders = expanderBusNrs(graph).filter((e): e is ExpanderBusNr & { busNr: number } => e.busNr !== null);
    if (expanders.length === 0) return;
    // Duplicated busNr values are common/expander-busnr's finding; count each value once.
    const starts = [...new Map(expanders.map((e) => [e.busNr, e] as const)).values()].sort((a, b) => a.busNr - b.busNr);
    const prediction = context.prediction;
    if (prediction.error) return;
    const demand = busNumberDemand(prediction);

    const lowest = starts[0];
    if (demand.main > lowest.busNr) {
      context.report({
        node: lowest.controller,
        at: busNrLocation(lowest),
        messageId: 'mainOverflow',
        data: {
          last: demand.main - 1,
          label: messageLabel(lowest.controller, graph),
          busNr: lowest.busNr,
          advice: room(demand.main, starts[1]?.busNr ?? 256, demand.byExpander.get(lowest.controller.index) ?? 0, `Raise ${optionName('busNr', context.language)} to`),
        },
      });
    }
    starts.forEach((e, i) => {
      const next = starts[i + 1]?.busNr ?? 256;
      const need = demand.byExpander.get(e.controller.index) ?? 0;
      if (need <= next - e.busNr) return;
      const previousEnd = i === 0 ? demand.main : starts[i - 1].busNr + (demand.byExpander.get(starts[i - 1].controller.index) ?? 0);
      const below = demand.below.get(e.controller.index) ?? 0;
      context.report({
        node: e.controller,
        at: busNrLocation(e),
        messageId: 'expanderOverflow',
        data: {
          label: messageLabel(e.controller, graph),
          busNr: e.busNr,
          need,
          what: `${e.controller.model === 'pci-expander-bus' ? 'its root bus and internal bridge' : 'its root bus'} and ${below} bridge(s) or port(s) below it`,
          available: next - e.busNr,
          lastFree: next - 1,
          limit: i + 1 < starts.length ? `${messageLabel(starts[i + 1].controller, graph)} starts at ${next}` : '255 is the last bus number',
          advice: room(previousEnd, next, need, `Lower ${optionName('busNr', context.language)} to`),
        },
      });
    });
  },
});

/** Where to point: the busNr attribute, else the controller's model. */
function busNrLocation(e: ExpanderBusNr) {
  return e.controller.target.busNr?.attr ?? attribute(e.controller.element ?? undefined, 'model') ?? null;
}

/** Advice for a range [from, to) that must hold `need` numbers starting at the new busNr. */
function room(from: number, to: number, need: number, verb: string): string {
  const value = to - need;
  if (value >= from && value >= 1 && value <= 254) return `${verb} ${value}${from === value ? '' : ` (${from}-${value})`}.`;
  return 'Use fewer ports and bridges behind it.';
}
