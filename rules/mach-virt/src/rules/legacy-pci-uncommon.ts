import {
  attribute, defineRule, messageLabel, type DeviceGraph, type DeviceNode, type PredictedDevice, type RuleContext,
} from '@pcilint/core';
import { devicesBelow, isConventional } from '../util/bus-subtree.js';
import { legacyAlternative, legacyDeviceName, modelLocation } from '../util/legacy-alternatives.js';
import { devicesSentToVirtioMmio } from '../util/virtio-mmio.js';

/**
 * `qemuDomainAssignVirtioMMIOAddresses`, `src/qemu/qemu_domain_address.c:483`: "using legacy PCI for mach-virt guests is
 * extremely uncommon, so you'll probably never need to add controllers
 * other than pcie-root-port" (libvirt docs/pci-hotplug.rst). A conventional
 * endpoint cannot be a PCI Express device on a root port: libvirt gives it a
 * pcie-to-pci-bridge slot and adds a pcie-root-port plus that bridge when
 * there is none (test aarch64-traditional-pci; the libvirt 9.0 oracle did
 * the same for an e1000 on aarch64 virt). Not a refusal, so a warning.
 *
 * pci-bridge and pcie-to-pci-bridge controllers are reported when, after
 * the predicted placement, no conventional device sits below them (with
 * one, the device is the finding), unless expectLegacyHotplug says they are
 * kept free for hot-plugging conventional devices, which is what
 * mach-virt/legacy-hotplug-needs-bridge asks for.
 */
export default defineRule({
  meta: {
    id: 'mach-virt/legacy-pci-uncommon',
    type: 'suggestion',
    docs: { description: 'virt guests should use virtio or PCI Express devices; conventional PCI devices and the bridges for them are unusual there.', rationale: "Legacy PCI on virt guests is \"extremely uncommon\" (libvirt docs/pci-hotplug.rst), and aarch64 guest kernels often lack drivers for emulated legacy PCI hardware. A conventional PCI device cannot use a pcie-root-port: it needs a slot behind a pcie-to-pci-bridge, which libvirt adds with a root port when the guest has none. virtio-transitional carries the legacy virtio 0.9 interface only old x86 guests need; behind a bridge PCI Express devices lose their Express capabilities." },
    defaultSeverity: 'warn',
    messages: {
      conventional: "{{label}} is conventional PCI, uncommon on virt.{{alternative}}",
      transitional: "{{label}} is virtio-transitional, conventional PCI on virt: use model='virtio'.",
      emptyBridge: "{{label}} is a PCI bus no device uses: remove it, or set expectLegacyHotplug.",
      bridgeWithoutLegacy: "{{label}} holds only PCIe-capable devices ({{devices}}): move them to root ports.",
      conventionalArgv: "{{label}} is conventional PCI, uncommon on virt: use a virtio or PCI Express device.",
      transitionalArgv: "{{label}} is conventional PCI on virt: use the non-transitional driver.",
    },
  },
  check(graph, context) {
    const sentToMmio = devicesSentToVirtioMmio(graph);
    for (const device of graph.devices) {
      if (!onConventionalPci(device, sentToMmio)) continue;
      const transitional = device.model === 'virtio-transitional';
      context.report({
        node: device,
        at: modelLocation(device),
        messageId: transitional ? (context.language === 'qemu-argv' ? 'transitionalArgv' : 'transitional') : context.language === 'qemu-argv' ? 'conventionalArgv' : 'conventional',
        data: {
          label: transitional ? (context.language === 'qemu-argv' ? messageLabel(device, graph) : device.label.replace(' (virtio-transitional)', '')) : context.language === 'qemu-argv' ? messageLabel(device, graph) : legacyDeviceName(device),
          arch: graph.machine.arch,
          alternative: transitional ? '' : legacyAlternative(device),
        },
      });
    }
    if (!context.settings.expectLegacyHotplug) reportUnusedBridges(graph, context, sentToMmio);
  },
});

/** A conventional-class device that libvirt puts on PCI: no address, an empty one, or an explicit PCI one. */
function onConventionalPci(device: DeviceNode, sentToMmio: readonly DeviceNode[]): boolean {
  if (device.connect !== 'pci' || sentToMmio.includes(device)) return false;
  return device.addressElement === null || device.addressType === 'pci';
}

function reportUnusedBridges(graph: DeviceGraph, context: RuleContext, sentToMmio: readonly DeviceNode[]): void {
  const bridges = graph.controllers.filter((c) => c.origin === 'written' && c.index !== null && (c.model === 'pci-bridge' || c.model === 'pcie-to-pci-bridge'));
  if (bridges.length === 0) return;
  const prediction = context.prediction;
  // Core's placement keeps transitional virtio on PCI even when libvirt sends it to virtio-mmio (util/virtio-mmio.ts).
  const onPci = (d: PredictedDevice) => !(d.item.node && d.item.node.kind === 'device' && sentToMmio.includes(d.item.node));
  for (const bridge of bridges) {
    const users = devicesBelow(prediction, bridge.index!).filter(onPci);
    if (users.some(isConventional)) continue;
    const shown = users.slice(0, 3).map((d) => d.item.label);
    if (users.length > 3) shown.push(`${users.length - 3} more`);
    context.report({
      node: bridge,
      at: attribute(bridge.element ?? undefined, 'model') ?? null,
      messageId: users.length === 0 ? 'emptyBridge' : 'bridgeWithoutLegacy',
      data: { label: messageLabel(bridge, graph), devices: shown.join(', ') },
    });
  }
}
