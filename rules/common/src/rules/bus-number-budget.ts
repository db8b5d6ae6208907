import { attribute, defineRule, nodeLabel } from '@pcilint/core';
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
    docs: { description: 'The buses behind bus 0 and behind each expander bus must fit in the bus numbers between the expanders\' busNr values.' },
    defaultSeverity: 'warn',
    messages: {
      expanderOverflow:
        "{{label}} has busNr {{busNr}} and needs {{need}} bus numbers ({{what}}), but only {{available}} are free ({{busNr}}-{{lastFree}}; {{limit}}): the guest firmware runs out of bus numbers and devices behind it disappear. {{advice}}",
      mainOverflow:
        "The buses behind bus 0 need bus numbers 0-{{last}} (bus 0 and {{last}} bridge(s) or port(s)), but {{label}} starts at busNr {{busNr}}: the guest firmware numbers them into the expander's range and devices disappear. {{advice}}",
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
          label: nodeLabel(lowest.controller),
          busNr: lowest.busNr,
          advice: room(demand.main, starts[1]?.busNr ?? 256, demand.byExpander.get(lowest.controller.index) ?? 0, 'Raise its busNr to'),
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
          label: nodeLabel(e.controller),
          busNr: e.busNr,
          need,
          what: `${e.controller.model === 'pci-expander-bus' ? 'its root bus and internal bridge' : 'its root bus'} and ${below} bridge(s) or port(s) below it`,
          available: next - e.busNr,
          lastFree: next - 1,
          limit: i + 1 < starts.length ? `${nodeLabel(starts[i + 1].controller)} starts at ${next}` : '255 is the last bus number',
          advice: room(previousEnd, next, need, 'Lower its busNr to'),
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
  if (value >= from && value >= 1 && value <= 254) return `${verb} ${value}${from === value ? '' : ` (any value from ${from} to ${value} fits)`}.`;
  return 'There are not enough bus numbers: move controllers off this hierarchy or use fewer ports and bridges.';
}
