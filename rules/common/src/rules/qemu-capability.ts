import { defineRule, isPciePortController, type ControllerNode, type QemuCaps } from '@pcilint/core';
import { isArmArch } from '../util/machine-pci.js';

/**
 * qemuValidateDomainDeviceDefControllerPCI
 * (src/qemu/qemu_validate.c) checks the PCI controller features against the
 * capabilities libvirt probed from the QEMU binary:
 * - `<target hotplug>` on pci-root needs PIIX4_PM's acpi-root-pci-hotplug
 *   (QEMU >= 5.2; settings caps.piix4RootHotplugAttr). ARM binaries have no
 *   PIIX4 at all (oracle: refused on aarch64 versatilepb; tests
 *   pc-i440fx-acpi-root-hotplug-disable/enable with 5.1.0 caps);
 * - `<target hotplug>` on pcie-root-port and pcie-switch-downstream-port needs
 *   pcie-root-port's hotplug property (caps.rootPortHotplugAttr);
 * - a controller whose driver the binary lacks is refused: "The '%s' device
 *   is not supported by this QEMU binary" (pcie-root-port with
 *   caps.pcieRootPort off, pcie-pci-bridge with caps.pciePciBridge off).
 * With the default caps (QEMU 7.2) only the ARM case fires.
 */
export default defineRule({
  meta: {
    id: 'common/qemu-capability',
    type: 'problem',
    docs: { description: 'PCI controller features must be supported by the QEMU binary (settings caps).', rationale: "libvirt refuses controller features the QEMU binary lacks (settings caps): the hotplug property of pci-root needs PIIX4 ACPI hotplug (QEMU 5.2, x86 only), that of PCIe ports QEMU's rootPortHotplugAttr; pcie-root-port falls back to ioh3420, pcie-pci-bridge to a dmi-to-pci-bridge with a pci-bridge." },
    defaultSeverity: 'error',
    messages: {
      hotplugProperty: "This QEMU binary has no 'hotplug' property for '{{device}}'{{why}}.",
      missingDevice: "This QEMU binary has no '{{device}}' device: {{why}}.",
    },
  },
  check(graph, context) {
    const caps = context.settings.caps;
    for (const c of graph.controllers) {
      if (c.origin !== 'written' || !c.model) continue;
      const hotplug = c.target.hotplug;
      if (hotplug) {
        const why = missingHotplugProperty(c, caps, graph.machine.arch);
        if (why !== null) {
          context.report({
            node: c,
            at: hotplug.attr,
            messageId: 'hotplugProperty',
            data: { device: c.model === 'pci-root' ? 'pci-root' : modelName(c, caps), why },
            fix: (fixer) => fixer.removeAttributes([hotplug.attr]),
          });
        }
      }
      const missing = missingDriver(c, caps);
      if (missing) context.report({ node: c, at: c.modelName?.attr ?? null, messageId: 'missingDevice', data: missing });
    }
  },
});

/** Why the binary has no `hotplug` property for this controller, or null when it has one (or the model takes none). */
function missingHotplugProperty(c: ControllerNode, caps: QemuCaps, arch: string): string | null {
  if (c.model === 'pci-root') {
    if (!caps.piix4RootHotplugAttr) return ' (QEMU before 5.2): remove it';
    if (isArmArch(arch)) return ` (${arch}): remove it`;
    return null;
  }
  if (isPciePortController(c) && !caps.rootPortHotplugAttr) return ': remove it';
  return null;
}

/** The `<model name>` libvirt uses: written, else its default for the capabilities. */
function modelName(c: ControllerNode, caps: QemuCaps): string {
  if (c.modelName) return c.modelName.value;
  if (c.model === 'pcie-root-port') return caps.pcieRootPort ? 'pcie-root-port' : 'ioh3420';
  return c.info?.modelNames[0] ?? c.model ?? '';
}

function missingDriver(c: ControllerNode, caps: QemuCaps): { device: string; why: string } | null {
  const name = modelName(c, caps);
  if (c.model === 'pcie-root-port' && name === 'pcie-root-port' && !caps.pcieRootPort) {
    return { device: name, why: 'use ioh3420 (settings caps.pcieRootPort)' };
  }
  if (c.model === 'pcie-to-pci-bridge' && name === 'pcie-pci-bridge' && !caps.pciePciBridge) {
    return { device: name, why: 'use a dmi-to-pci-bridge and pci-bridge' };
  }
  return null;
}
