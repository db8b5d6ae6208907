import { defineRule } from '@pcilint/core';

/**
 * qemuValidateDomainDeviceDefControllerPCI
 * (src/qemu/qemu_validate.c) refuses a 64-bit PCI hole size on a pci-root
 * that is not on an i440fx machine, or on a pcie-root that is not on q35:
 * "Setting the 64-bit PCI hole size is not supported for machine '%s'".
 * Oracle: refused on pseries (index 0 and an extra PHB), ppce500 and aarch64
 * virt, with a size of 0 too; an empty `<pcihole64/>` is accepted (libvirt
 * reads no size and sets nothing). A root whose model does not match the
 * machine is common/root-model-matches-machine's finding, and `<pcihole64>`
 * on a non-root controller is accepted and dropped (see
 * common/target-attr-applicability).
 */
export default defineRule({
  meta: {
    id: 'common/pcihole64-machine',
    type: 'problem',
    docs: { description: '<pcihole64> is only valid on the pci-root of an i440fx machine or the pcie-root of a q35 machine.', rationale: "libvirt refuses <pcihole64> except on the pci-root of i440fx (pc) machines and the pcie-root of q35 machines (\"Setting the 64-bit PCI hole size is not supported for machine\")." },
    defaultSeverity: 'error',
    fixable: true,
    messages: {
      notSupported: "Setting the 64-bit PCI hole size is not supported for machine '{{machine}}': remove <pcihole64>.",
    },
  },
  check(graph, context) {
    const family = graph.machine.family;
    for (const c of graph.controllers) {
      const hole = c.pcihole64;
      if (c.origin !== 'written' || !hole || hole.text.trim() === '') continue;
      if (c.model !== 'pci-root' && c.model !== 'pcie-root') continue;
      // The model the machine needs at index 0; anything else is refused earlier.
      if (c.model !== graph.machine.expectedRoot) continue;
      if ((c.model === 'pci-root' && family === 'i440fx') || (c.model === 'pcie-root' && family === 'q35')) continue;
      context.report({
        node: c,
        at: hole,
        messageId: 'notSupported',
        data: { machine: graph.machine.type },
        fix: (fixer) => fixer.removeElement(hole),
      });
    }
  },
});
