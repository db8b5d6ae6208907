import {
  defineRule, formatPciAddress, hex, nextControllerIndex, validPlacements,
  type DeviceGraph, type DeviceNode, type FixFunction, type PlacementPrediction, type PredictedDevice, type RuleContext,
} from '@pcilint/core';
import { describeIommuGroup, phbOfBus } from '../isolation.js';
import { freeTargets, phbTargets, PHB_MODEL_NAME } from '../phb-targets.js';

/** A device placed under one PHB, with what isolation needs to know about it. */
interface Member {
  readonly device: PredictedDevice;
  readonly node: DeviceNode | null;
  /** An assigned host device: its isolation group is not 0. */
  readonly assigned: boolean;
  readonly group: number;
  readonly bus: number;
  readonly explicit: boolean;
}

/**
 * qemuDomainSetupIsolationGroups (src/qemu/qemu_domain_address.c:1416),
 * virDomainPCIAddressReserveAddrInternal (group reset), libvirt tests
 * pseries-hostdevs-1/2/3; docs/pci-hotplug.rst: "PCI devices assigned from
 * the host need to be isolated by placing each on a separate pci-root
 * controller" to use EEH error reporting and recovery. libvirt places
 * devices without an address that way itself, one PHB per host IOMMU group,
 * never on the default PHB. A user address wins: libvirt accepts an assigned
 * device on PHB 0, two IOMMU groups on one PHB, or emulated devices beside an
 * assigned one, and silently gives up isolation. Hence a warning.
 * IOMMU groups come from settings.hostdevs, else one group per host slot.
 * The check runs on the predicted placement; a PHB is the unit (a
 * pci-bridge under a PHB shares its IOMMU group).
 */
export default defineRule({
  meta: {
    id: 'pseries/hostdev-isolation',
    type: 'suggestion',
    docs: { description: 'On pseries each assigned host device (IOMMU group) should have a PHB of its own, away from the emulated devices of PHB 0.', rationale: "On pseries each host device IOMMU group needs a PHB of its own for EEH error reporting and recovery, and emulated devices stay on the default PHB. libvirt accepts other layouts but then isolates nothing; without an <address> libvirt gives each host device a PHB of its own." },
    defaultSeverity: 'warn',
    fixable: true,
    messages: {
      defaultPhb: "{{label}} {{where}} is on the default PHB{{advice}}.",
      otherGroup: "{{label}} shares PHB {{phb}} with {{other}}, another IOMMU group{{advice}}.",
      emulated: "{{label}} shares PHB {{phb}} with {{hostdev}}{{advice}}.",
    },
  },
  check(graph, context) {
    const hostdevs = context.settings.hostdevs;
    const prediction = context.prediction;
    if (prediction.error) return;

    const byPhb = new Map<number, Member[]>();
    for (const device of prediction.devices) {
      if (!device.address) continue;
      const phb = phbOfBus(prediction, device.address.bus);
      if (phb === null) continue;
      const node = device.item.node?.kind === 'device' ? device.item.node : null;
      const assigned = device.item.group !== 0;
      // A hostdev whose host address cannot be read is neither isolated nor emulated: libvirt refuses it anyway.
      if (!assigned && node && (node.deviceKind === 'hostdev' || node.model === 'vfio-pci') && !node.hostAddress) continue;
      const member = { device, node, assigned, group: device.item.group, bus: device.address.bus, explicit: device.addressOrigin === 'explicit' };
      const list = byPhb.get(phb);
      if (list) list.push(member);
      else byPhb.set(phb, [member]);
    }

    for (const [phb, members] of byPhb) {
      const assigned = members.filter((m) => m.assigned);
      if (assigned.length === 0) continue;
      if (phb === 0) {
        for (const m of assigned) report(context, m, phb, 'defaultPhb', {}, moveToOwnPhb(graph, prediction, byPhb, m));
        continue;
      }
      // The first assigned device in document order owns the PHB; the others intrude.
      const owner = assigned[0];
      for (const m of assigned) {
        if (m.group === owner.group) continue;
        const mine = describeIommuGroup(m.node!.hostAddress!, hostdevs);
        const theirs = describeIommuGroup(owner.node!.hostAddress!, hostdevs);
        const guess = mine.configured && theirs.configured ? '' : '; without settings.hostdevs pcilint takes one IOMMU group per host slot';
        const groups = `${mine.text}, not ${theirs.text}${guess}`;
        report(context, m, phb, 'otherGroup', { other: owner.device.item.label, groups }, moveToOwnPhb(graph, prediction, byPhb, m));
      }
      for (const m of members) {
        if (m.assigned || !m.node) continue;
        // Without its address libvirt puts an emulated device back on the default PHB.
        const address = m.explicit ? m.node.address?.element : undefined;
        report(context, m, phb, 'emulated', { hostdev: owner.device.item.label }, address ? (fixer) => fixer.removeElement(address) : null);
      }
    }
  },
});

function report(
  context: RuleContext, m: Member, phb: number, messageId: 'defaultPhb' | 'otherGroup' | 'emulated', data: Record<string, string>, fix: FixFunction | null,
): void {
  if (!m.node) return;
  const a = m.device.address!;
  const address = formatPciAddress(0, a.bus, a.slot, a.fn);
  const where = m.explicit ? `at ${address}` : `(placed at ${address})`;
  const via = m.bus === phb ? '' : ` (bus ${m.bus} is behind it)`;
  const advice = !m.explicit
    ? ''
    : messageId === 'emulated'
      ? context.language === 'qemu-argv' ? ': set bus= to the default PHB' : ': drop the address'
      : context.language === 'qemu-argv' ? ': give it a PHB of its own' : ': drop the address';
  const at = m.explicit && m.node.address ? (m.node.address.bus?.attr ?? m.node.address.element) : null;
  context.report({ node: m.node, at, messageId, data: { label: m.device.item.label, where, via, advice, phb, ...data }, fix: m.explicit ? fix : null });
}

/**
 * Moves an explicitly addressed assigned device onto a PHB of its own
 * isolation group: a PHB (not the default) that holds only devices of that
 * group, or else a new PHB added for it (next index, a target index no PHB
 * holds, as libvirt writes one). The device goes to slot 1 of that PHB, its
 * function kept. Null when the device has no address to rewrite.
 */
function moveToOwnPhb(graph: DeviceGraph, prediction: PlacementPrediction, byPhb: ReadonlyMap<number, readonly Member[]>, m: Member): FixFunction | null {
  const address = m.node?.address;
  if (!m.explicit || !address) return null;
  const fn = m.device.address?.fn ?? 0;
  for (const [phb, members] of byPhb) {
    if (phb === 0 || members.some((o) => o.group !== m.group)) continue;
    const slot = freeSlot(members.filter((o) => o.bus === phb), fn);
    if (slot === null) continue;
    return (fixer) => [fixer.setAttribute(address.element, 'bus', hex(phb, 2)), fixer.setAttribute(address.element, 'slot', hex(slot, 2))];
  }
  const target = freeTargets(phbTargets(graph, prediction))[0];
  if (target === undefined) return null;
  const index = nextControllerIndex(graph, validPlacements(graph));
  if (index > 255) return null;
  return (fixer) => [
    fixer.insertControllers([{ index, model: 'pci-root', modelName: PHB_MODEL_NAME, target: [['index', String(target)]] }]),
    fixer.setAttribute(address.element, 'bus', hex(index, 2)),
    fixer.setAttribute(address.element, 'slot', '0x01'),
  ];
}

/** The lowest slot from 1 whose function `fn` none of these devices (on one bus) uses. */
function freeSlot(members: readonly Member[], fn: number): number | null {
  const used = new Set(members.filter((o) => o.device.address && o.device.address.fn === fn).map((o) => o.device.address!.slot));
  for (let slot = 1; slot <= 31; slot++) if (!used.has(slot)) return slot;
  return null;
}
