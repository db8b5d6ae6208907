import {
  attribute, child, defineRule, hasExplicitPciAddress, hex, messageLabel, validPlacements,
  type ControllerNode, type DeviceGraph,
} from '@pcilint/core';
import { PIIX3_SLOT } from '../util/piix3.js';

/**
 * QEMU hw/pci-bridge/pci_expander_bridge.c (pxb plugs into pci-root only) and libvirt
 * (virDomainPCIAddressSetGrow, src/conf/domain_addr.c:628): a
 * pci-expander-bus without an address needs a free slot of pci.0, and libvirt
 * cannot add one (it only grows pci-bridges). Its counting pass first keeps
 * one slot free for a future device (the dummy legacy slot), so a pxb fails
 * even when one pci.0 slot looks free (oracle: 29 explicit devices on slots
 * 3-31 leave 00:02 free and the pxb is still refused; with the pxb explicitly
 * at 00:02.0 the domain is accepted).
 *
 * Left to the common pack: a pxb with an explicit address on another bus
 * (common/parent-accepts-child, libvirt test pci-expander-bus-bad-bus), a
 * NUMA node the guest lacks (common/expander-numa-node), busNr range,
 * collisions and automatic assignment (common/target-attr-range,
 * common/expander-busnr).
 */
export default defineRule({
  meta: {
    id: 'i440fx/pxb-placement',
    type: 'problem',
    docs: { description: 'A pci-expander-bus without an address needs a free slot on pci.0, the only bus that takes it.', rationale: "A pci-expander-bus plugs into pci.0 only. Once the explicit addresses, the chipset, the primary video and the one slot libvirt keeps free while counting are taken, libvirt refuses the domain (\"a PCI slot is needed to connect a PCI controller model='pci-expander-bus', but none is available, and it cannot be automatically added\"). libvirt reserves written addresses before it keeps a slot free, so an explicit address still fits." },
    defaultSeverity: 'error',
    messages: {
      noRootSlot: "pci.0 has no slot left for {{pxbs}}: {{advice}}",
    },
  },
  check(graph, context) {
    if (graph.root?.model !== 'pci-root') return;
    const unaddressed = graph.controllers.filter(
      (c) => c.origin === 'written' && c.model === 'pci-expander-bus' && !hasExplicitPciAddress(c),
    );
    if (unaddressed.length === 0) return;
    const prediction = context.prediction;
    if (!prediction.error?.includes("model='pci-expander-bus'")) return;
    const first = unaddressed[0];
    const slot = slotForExplicitPxb(graph);
    const advice =
      slot !== null
        ? `give it slot ${hex(slot, 2)} explicitly.`
        : 'move a device behind a pci-bridge.';
    context.report({
      node: first,
      at: attribute(first.element ?? undefined, 'model') ?? null,
      messageId: 'noRootSlot',
      data: { pxbs: unaddressed.map((c: ControllerNode) => messageLabel(c, graph)).join(', '), advice },
    });
  },
});

/**
 * A pci.0 slot a written pxb address could use: not held by an explicit
 * address, not the PIIX3 slot, and not the one the primary video takes
 * (slot 2 when free, else the lowest free one: `qemuDomainValidateDevicePCISlotsPIIX3`, `src/qemu/qemu_domain_address.c:1755`; a video libvirt
 * adds for `<graphics>` counts too).
 */
function slotForExplicitPxb(graph: DeviceGraph): number | null {
  const used = new Set(validPlacements(graph).filter((p) => p.bus === 0).map((p) => p.slot));
  const free: number[] = [];
  for (let slot = 1; slot <= 31; slot++) if (slot !== PIIX3_SLOT && !used.has(slot)) free.push(slot);
  const video = graph.devices.find((d) => d.primaryVideo);
  const videoNeedsSlot = video
    ? !hasExplicitPciAddress(video) && (video.addressType === null || video.addressType === 'pci')
    : graph.domainElement.children.some((e) => e.name === 'devices' && child(e, 'graphics') !== undefined);
  if (videoNeedsSlot) free.shift();
  return free[0] ?? null;
}
