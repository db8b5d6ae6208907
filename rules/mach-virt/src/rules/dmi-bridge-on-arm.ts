import { attribute, defineRule, messageLabel } from '@pcilint/core';

/**
 * `virDomainPCIAddressBusSetModel`, `src/conf/domain_addr.c:479` (dmi-to-pci-bridge: no hotplug-capable slots).
 * dmi-to-pci-bridge is QEMU's i82801b11-bridge, the Intel ICH9 DMI-to-PCI
 * bridge of x86 q35. QEMU's docs/pcie_pci_bridge.txt replaced it with the
 * generic pcie-pci-bridge "due to its strict limitations - no support of
 * hot-plug, no cross-platform and cross-architecture support". Not a
 * refusal: the libvirt 9.0 + QEMU 7.2 oracle accepts it on aarch64 virt
 * (placed at 00:01.0, a pci-bridge and an e1000 behind it). Re-homing its
 * children changes the guest ABI, so there is no automatic fix.
 */
export default defineRule({
  meta: {
    id: 'mach-virt/dmi-bridge-on-arm',
    type: 'suggestion',
    docs: { description: 'virt guests should not use dmi-to-pci-bridge, an Intel x86 bridge without hotplug; use a pcie-root-port with a pcie-to-pci-bridge.', rationale: "A dmi-to-pci-bridge is QEMU's i82801b11-bridge, the Intel ICH9 DMI-to-PCI bridge of x86 q35, which QEMU describes as having \"no support of hot-plug, no cross-platform and cross-architecture support\" (docs/pcie_pci_bridge.txt). A pcie-root-port with a pcie-to-pci-bridge (model name pcie-pci-bridge) behind it does the job on virt; this changes the guest ABI." },
    defaultSeverity: 'warn',
    messages: {
      dmi: "{{label}} is an x86 DMI bridge without hotplug: use a pcie-to-pci-bridge.",
    },
  },
  check(graph, context) {
    for (const c of graph.controllers) {
      if (c.origin !== 'written' || c.model !== 'dmi-to-pci-bridge') continue;
      context.report({
        node: c,
        at: attribute(c.element ?? undefined, 'model') ?? null,
        messageId: 'dmi',
        data: { label: messageLabel(c, graph), arch: graph.machine.arch },
      });
    }
  },
});
