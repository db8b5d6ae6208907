import { defineRule, spareLegacySlotsFor, type BusState, type DeviceGraph, type RuleContext } from '@pcilint/core';

/**
 * libvirt `docs/pci-hotplug.rst`; QEMU `docs/pcie.txt` §5; `qemuBuildPMPCIRootHotplugCommandLine`: pci.0
 * hotplug on i440fx is ACPI-based (PIIX4 PM, docs/specs/acpi_pci_hotplug.rst).
 * `<target hotplug='off'/>` on pci-root becomes
 * `-global PIIX4_PM.acpi-root-pci-hotplug=off` (qemuBuildPMPCIRootHotplugCommandLine,
 * src/qemu/qemu_command.c:2985), and without `<features><acpi/>` libvirt
 * starts QEMU without ACPI. Either way pci.0 takes no hot-plugged device.
 *
 * Oracle (libvirt live attach): in both cases an attach without an address
 * still gets a pci.0 slot from libvirt and fails in QEMU ("Bus 'pci.0' does
 * not support hotplugging"), even when a pci-bridge has free slots; an attach
 * with an explicit address on the pci-bridge succeeds. So the rule is worth
 * reporting even when common/spare-legacy-slots is satisfied by bridge slots.
 *
 * Reported only when hotplug is expected: expectLegacyHotplug, or a
 * spareLegacySlots minimum above 0 (1 on i440fx by default). When no
 * pci-bridge has a free slot either, the missing capacity is
 * common/spare-legacy-slots's finding (its message names hotplug='off' or the
 * missing ACPI); this rule then speaks only when expectLegacyHotplug is set
 * and no minimum applies. Devices already on pci.0 that cannot be unplugged
 * are common/endpoint-not-hotpluggable's.
 */
export default defineRule({
  meta: {
    id: 'i440fx/root-hotplug-off',
    type: 'suggestion',
    docs: {
      description:
        "When hotplug is expected, an i440fx guest's pci.0 should not have hotplug switched off (pci-root hotplug='off', or no <acpi/>).",
      rationale:
        "pci.0 hotplug on i440fx is ACPI-based: without <features><acpi/> (which changes the guest's firmware tables) or with hotplug='off' none of its slots can take a hot-plugged device. libvirt still picks a pci.0 slot for a device attached without an address, and QEMU refuses it (\"Bus 'pci.0' does not support hotplugging\"); PCI controllers cannot be hot-plugged, so a pci-bridge for later hotplug must be declared in advance.",
    },
    defaultSeverity: 'warn',
    hotplugPolicy: true,
    messages: {
      hotplugOff: "pci-root has hotplug='off', but hotplug is expected: remove hotplug='off'.",
      noAcpi: "No <acpi/> in <features>, but hotplug is expected: add it to hot-plug into pci.0.",
      hotplugOffArgv: "PIIX4_PM.acpi-root-pci-hotplug=off, but hotplug is expected: drop that -global.",
      noAcpiArgv: "ACPI is off (-no-acpi or acpi=off), but hotplug is expected: turn it on to hot-plug into pci.0.",
    },
  },
  check(graph, context) {
    if (graph.root?.model !== 'pci-root') return;
    // Without PIIX4's acpi-root-pci-hotplug (QEMU < 5.2) libvirt refuses the
    // attribute itself: common/qemu-capability's error, not a hotplug policy.
    const attrAccepted = context.settings.caps.piix4RootHotplugAttr;
    const off = attrAccepted && graph.root.target.hotplug?.value === 'off' ? graph.root.target.hotplug.attr : null;
    if (!off && graph.machine.acpi) return;
    const expectation = hotplugExpectation(context);
    if (!expectation) return;
    const bridges = bridgesWithFreeSlots(graph, context);
    // Without a free bridge slot the guest has no hotplug capacity at all:
    // common/spare-legacy-slots reports that, naming this cause, whenever a
    // spareLegacySlots minimum applies.
    if (bridges.length === 0 && spareLegacySlotsFor(context.settings, graph.machine.family) > 0) return;
    const consequence = bridges.length > 0 ? withBridges(bridges) : WITHOUT_BRIDGES;
    if (off) context.report({ node: graph.root, at: off, messageId: context.language === 'qemu-argv' ? 'hotplugOffArgv' : 'hotplugOff', data: { expectation, consequence } });
    if (!graph.machine.acpi) {
      const features = graph.domainElement.children.find((e) => e.name === 'features') ?? null;
      context.report({ at: features ?? graph.machine.typeElement, messageId: context.language === 'qemu-argv' ? 'noAcpiArgv' : 'noAcpi', data: { expectation, consequence } });
    }
  },
});

/** Why hotplug is expected, for the message; null when the settings expect none. */
function hotplugExpectation(context: RuleContext): string | null {
  const reasons: string[] = [];
  if (context.settings.expectLegacyHotplug) reasons.push('expectLegacyHotplug is set');
  const spare = spareLegacySlotsFor(context.settings, 'i440fx');
  if (spare > 0) reasons.push(`spareLegacySlots is ${spare}${context.settings.spareLegacySlots === null ? ', the i440fx default' : ''}`);
  return reasons.length ? reasons.join('; ') : null;
}

const REFUSAL = "libvirt still picks a pci.0 slot for a device attached without an address, and QEMU refuses it (\"Bus 'pci.0' does not support hotplugging\")";

function withBridges(indexes: readonly number[]): string {
  return `${REFUSAL}, although pci-bridge index ${indexes.join(', ')} has free slots that still hotplug: give hot-plugged devices an explicit address on ${indexes.length > 1 ? 'one of them' : 'it'}.`;
}

const WITHOUT_BRIDGES = `${REFUSAL}, and no pci-bridge has a free slot: nothing can be hot-plugged into this guest, and PCI controllers cannot be hot-plugged, so a pci-bridge for later hotplug must be declared now.`;

/**
 * Indexes of hotplug-capable pci-bridges with a free slot once libvirt has
 * placed every device: hot-plug still works there, with an explicit address
 * (oracle, with and without ACPI). pci-expander-bus slots do not count: QEMU
 * does not hotplug there (i440fx/pxb-bus-not-hotpluggable).
 */
function bridgesWithFreeSlots(graph: DeviceGraph, context: RuleContext): number[] {
  const prediction = context.prediction;
  if (prediction.error) return [];
  return prediction.buses.filter((b) => b.model === 'pci-bridge' && b.hotplug && hasFreeSlot(b)).map((b) => b.index);
}

function hasFreeSlot(bus: BusState): boolean {
  for (let slot = bus.slotMin; slot <= bus.slotMax; slot++) if ((bus.slots.get(slot)?.used ?? 0) === 0) return true;
  return false;
}
