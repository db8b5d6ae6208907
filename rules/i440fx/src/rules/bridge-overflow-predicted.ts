import {
  defineRule, explicitPlacements, formatPciAddress, highestBusReference, validPlacements,
  type PlacementPrediction, type PredictedController, type XmlElement,
} from '@pcilint/core';

/** How many device names a message lists per bridge before "and N more". */
const SHOWN = 3;
/** How many added bridges a message describes before "and N more". */
const SHOWN_BRIDGES = 4;

/**
 * virDomainPCIAddressSetGrow and the dummy slot of the counting pass (qemuDomainAssignPCIAddresses, src/qemu/qemu_domain_address.c:2605;
 * libvirt test pci-bridge-many-disks): when pci.0 has no free slot left for
 * the devices without an address, libvirt adds pci-bridges at define time and
 * puts the overflow behind them. Its counting pass also reserves one dummy
 * slot, so 29 devices plus a video already overflow although slots 3-31 exist.
 * libvirt accepts this; the rule only says what the domain will look like
 * (information rather than a problem; the engine has no info level, so warn). Bridges libvirt
 * adds to fill index gaps or explicit bus references are
 * common/address-bus-exists's.
 */
export default defineRule({
  meta: {
    id: 'i440fx/bridge-overflow-predicted',
    type: 'suggestion',
    docs: { description: 'Reports when libvirt will add pci-bridges to an i440fx guest because pci.0 runs out of slots, and which devices land behind them.', rationale: "When pci.0 has no free slot for every device without an address (libvirt also keeps one slot free while it counts), libvirt adds pci-bridges at define time and puts devices behind them, so the layout that runs is not the one written." },
    defaultSeverity: 'warn',
    messages: {
      overflow: "pci.0 runs out of slots: libvirt adds {{count}} pci-bridge(s) at define time; declare them.",
    },
  },
  check(graph, context) {
    if (graph.root?.model !== 'pci-root') return;
    // A domain libvirt refuses is reported by the rules for that refusal:
    // an address field out of range (common/address-*), a placement error.
    const placements = validPlacements(graph);
    if (placements.length !== explicitPlacements(graph).length) return;
    const prediction = context.prediction;
    if (prediction.error) return;
    const written = highestBusReference(graph, placements);
    const added = prediction.controllers.filter((c) => c.origin === 'predicted' && c.model === 'pci-bridge' && c.index > written);
    if (added.length === 0) return;

    const behind = added.map((bridge) => ({ bridge, occupants: occupantsOf(prediction, bridge.index) }));
    const firstWritten = behind
      .flatMap((b) => b.occupants)
      .map((o) => o.element)
      .filter((e): e is XmlElement => e !== null)
      .sort((a, b) => a.span.start - b.span.start)[0];
    const devices = graph.domainElement.children.find((e) => e.name === 'devices') ?? null;
    context.report({
      at: firstWritten ?? devices,
      messageId: 'overflow',
      data: { count: added.length, bridges: summary(behind) },
    });
  },
});

interface Occupant {
  readonly label: string;
  readonly element: XmlElement | null;
}

/** Devices and controllers the prediction puts directly on bus `index`, in bus order. */
function occupantsOf(prediction: PlacementPrediction, index: number): Occupant[] {
  const found: { slot: number; fn: number; occupant: Occupant }[] = [];
  for (const d of prediction.devices) {
    if (d.address?.bus !== index) continue;
    const label = d.item.node ? d.item.label : `${d.item.label} (added by libvirt)`;
    found.push({ slot: d.address.slot, fn: d.address.fn, occupant: { label, element: d.item.node?.element ?? null } });
  }
  for (const c of prediction.controllers) {
    if (c.address?.bus !== index) continue;
    const label = `${c.model} index ${c.index}${c.origin === 'predicted' ? ' (added by libvirt)' : ''}`;
    found.push({ slot: c.address.slot, fn: c.address.fn, occupant: { label, element: c.node?.element ?? null } });
  }
  return found.sort((a, b) => a.slot - b.slot || a.fn - b.fn).map((f) => f.occupant);
}

function summary(behind: readonly { bridge: PredictedController; occupants: readonly Occupant[] }[]): string {
  const parts = behind.slice(0, SHOWN_BRIDGES).map((b) => describe(b.bridge, b.occupants.map((o) => o.label)));
  if (behind.length > SHOWN_BRIDGES) parts.push(`${behind.length - SHOWN_BRIDGES} more`);
  return parts.join('; ');
}

function describe(bridge: PredictedController, labels: readonly string[]): string {
  const at = bridge.address ? ` at ${formatPciAddress(0, bridge.address.bus, bridge.address.slot, bridge.address.fn).slice(5)}` : '';
  const shown = labels.slice(0, SHOWN).join(', ');
  const more = labels.length > SHOWN ? ` and ${labels.length - SHOWN} more` : '';
  const what = labels.length ? `${shown}${more} behind it` : 'nothing behind it yet';
  return `index ${bridge.index}${at} with ${what}`;
}
