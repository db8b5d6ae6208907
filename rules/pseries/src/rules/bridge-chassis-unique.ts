import { attribute, defineRule, effectiveChassisNr, messageLabel, type ControllerNode } from '@pcilint/core';

/**
 * `qemuDomainSetupIsolationGroups`, `src/qemu/qemu_domain_address.c:1416`: when a
 * pci-bridge is plugged, spapr_pci_pre_plug (hw/ppc/spapr_pci.c) refuses a
 * chassis_nr any other bridge of the machine already has, on any PHB: the
 * number names the bridge's hotplug connectors (DRCs). libvirt passes
 * chassisNr (default: the controller index) through without checking, so the
 * guest is defined and QEMU refuses to start. Checked with the libvirt 9.0 /
 * QEMU 7.2 oracle, also across two PHBs. On other machines QEMU accepts the
 * duplicate: common/bridge-chassisnr-unique warns there.
 * A chassisNr outside 1-255 is refused by libvirt first
 * (common/target-attr-range), so it is left out here.
 */
export default defineRule({
  meta: {
    id: 'pseries/bridge-chassis-unique',
    type: 'problem',
    docs: { description: 'On pseries every pci-bridge needs its own chassisNr: QEMU refuses to start with a duplicate.', rationale: "libvirt accepts two pci-bridges with one chassisNr, but QEMU on pseries refuses to start (\"Bridge chassis N already in use\"). The bridge's index is a free choice." },
    defaultSeverity: 'error',
    messages: {
      duplicate: "{{label}} has chassisNr {{value}}{{how}}, like {{other}}: give it its own.",
    },
  },
  check(graph, context) {
    // QEMU plugs the bridges in libvirt's controller order (ascending index): the later one is refused.
    const bridges = graph.controllers
      .filter((c): c is ControllerNode & { index: number } => c.origin === 'written' && c.model === 'pci-bridge' && c.index !== null)
      .sort((a, b) => a.index - b.index);
    const first = new Map<number, ControllerNode>();
    for (const c of bridges) {
      const value = effectiveChassisNr(c);
      if (value === null || value < 1 || value > 255) continue;
      const holder = first.get(value);
      if (!holder) {
        first.set(value, c);
        continue;
      }
      if (holder.index === c.index) continue; // one index twice: common/controller-index-unique
      context.report({
        node: c,
        at: c.target.chassisNr?.attr ?? c.indexField?.attr ?? attribute(c.element ?? undefined, 'model') ?? null,
        messageId: 'duplicate',
        data: { label: messageLabel(c, graph), value, how: c.target.chassisNr ? '' : ' (its index)', other: messageLabel(holder, graph) },
      });
    }
  },
});
