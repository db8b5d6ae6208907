import {
  attribute, defineRule, validPlacements, type ControllerNode, type DeviceGraph, type GraphNode,
  type Placement, type PredictedDevice, type XmlAttribute, type XmlElement, maxOf,
} from '@pcilint/core';
import { MAX_PHBS, MAX_TARGET_INDEX, phbTargets } from '../phb-targets.js';

/**
 * QEMU has at
 * most 31 PHBs (SPAPR_MAX_PHBS, include/hw/pci-host/spapr.h), target
 * indexes 0-30. libvirt gives each PHB without a written target the lowest
 * free one in 1-31 (qemuDomainAddressFindNewTargetIndex), so the 32nd PHB
 * gets 31, refused at validation, and a 33rd none at all. Checked with the
 * libvirt 9.0 oracle: 32 PHBs, or one at controller index 31 (libvirt fills
 * indexes 1-30 with PHBs), give "PCI controller target index '31' out of
 * range - must be 0-30"; 33 give "No usable target index found for 0".
 * The count is taken after libvirt's placement (`qemuDomainAssignPCIAddresses`, `src/qemu/qemu_domain_address.c:2605`): it adds PHBs to
 * fill index gaps and buses that addresses name, and for host devices that
 * need a PHB of their own (isolation groups, settings.hostdevs).
 * A written target out of range is pseries/phb-target-index's finding.
 */
export default defineRule({
  meta: {
    id: 'pseries/max-phbs',
    type: 'problem',
    docs: { description: 'A pseries guest can have at most 31 PHBs, counting the default one and those libvirt adds.', rationale: "pseries has at most 31 PHBs (SPAPR_MAX_PHBS, target index 0-30); libvirt refuses more (\"PCI controller target index '31' out of range - must be 0-30\"). libvirt gives each host device IOMMU group a PHB of its own and adds one when PHB 0 is full." },
    defaultSeverity: 'error',
    messages: {
      tooMany: "{{count}} PHBs, but pseries has at most 31: {{advice}}",
    },
  },
  check(graph, context) {
    const prediction = context.prediction;
    const targets = phbTargets(graph, prediction);
    if (targets.length <= MAX_PHBS) return;

    // Buses the XML names: written controller indexes and bus numbers of explicit addresses.
    const placements = validPlacements(graph);
    const namedBuses = maxOf([...graph.controllers.map((c) => c.index ?? 0), ...placements.map((p) => p.bus)], 0);
    const writtenExtra = targets.filter((t) => t.origin === 'written' && t.index !== 0).length;
    const fillers = targets.filter((t) => t.origin === 'predicted' && t.index <= namedBuses).length;
    const forDevices = targets.filter((t) => t.origin === 'predicted' && t.index > namedBuses).length;
    const detail = [
      'the default one',
      writtenExtra ? `${writtenExtra} written` : '',
      fillers ? `${fillers} libvirt adds to fill the indexes up to ${namedBuses}` : '',
      forDevices ? `${forDevices} libvirt adds for devices without an address` : '',
    ].filter(Boolean).join(', ');

    // libvirt assigns every target before it validates any.
    const withoutTarget = targets.find((t) => t.effective === null);
    const outOfRange = targets.find((t) => t.auto && t.effective !== null && t.effective > MAX_TARGET_INDEX);
    const consequence = withoutTarget
      ? 'libvirt refuses the domain ("No usable target index found for 0")'
      : outOfRange
        ? `libvirt refuses the domain ("PCI controller target index '${outOfRange.effective}' out of range - must be 0-30")`
        : 'two PHBs share a target index and QEMU refuses to start ("PHB N already attached")';

    const at = location(graph, prediction.devices, placements, targets.map((t) => t.index).sort((a, b) => a - b), namedBuses);
    const advice = forDevices
      ? 'assign fewer host devices, or address some onto existing PHBs.'
      : 'use fewer PHBs or lower controller indexes.';
    context.report({ node: at.node, at: at.at, messageId: 'tooMany', data: { count: targets.length, detail, consequence, advice } });
  },
});

/**
 * Where the excess comes from: the first written PHB beyond the 31st by
 * index; else what names the highest bus (the written controller, or the
 * explicit address), since libvirt fills every index below it; else the
 * first device libvirt puts on an extra PHB.
 */
function location(
  graph: DeviceGraph,
  devices: readonly PredictedDevice[],
  placements: readonly Placement[],
  phbIndexes: readonly number[],
  namedBuses: number,
): { node?: GraphNode; at: XmlAttribute | XmlElement | null } {
  const excess = new Set(phbIndexes.slice(MAX_PHBS));
  const writtenPhbs = graph.controllers.filter((c): c is ControllerNode & { index: number } => c.origin === 'written' && c.model === 'pci-root' && c.index !== null);
  const beyond = writtenPhbs.filter((c) => excess.has(c.index)).sort((a, b) => a.index - b.index)[0];
  if (beyond) return { node: beyond, at: beyond.indexField?.attr ?? attribute(beyond.element ?? undefined, 'model') ?? null };
  if ([...excess].some((i) => i <= namedBuses)) {
    const highest = graph.controllers.find((c) => c.origin === 'written' && c.index === namedBuses);
    if (highest) return { node: highest, at: highest.indexField?.attr ?? null };
    const address = placements.find((p) => p.bus === namedBuses);
    if (address) return { node: address.node, at: address.address.bus?.attr ?? address.address.element };
  }
  const placed = devices.find((d) => d.item.node && d.address && excess.has(d.address.bus));
  if (placed?.item.node) return { node: placed.item.node, at: null };
  return { at: graph.domainElement.children.find((e) => e.name === 'devices') ?? null };
}
