import {
  defineRule, freeHotplugPorts, lastWrittenPciController, newRootPorts, nextControllerIndex, validPlacements,
  type AddedController, type DeviceGraph, type NewController, type RuleContext,
} from '@pcilint/core';

/**
 * libvirt docs/pci-hotplug.rst and the spare-port logic of qemuDomainAssignPCIAddresses.
 * PCI controllers cannot be hot-plugged through libvirt (qemuDomainAttachControllerDevice), so a guest that should accept a
 * PCIe device later needs an empty, hotplug-capable root or downstream port
 * defined in advance.
 *
 * The count runs on the predicted graph (libvirt 9.0's address assignment,
 * `qemuDomainAssignPCIAddresses`, `src/qemu/qemu_domain_address.c:2605`): devices without an address take ports, libvirt adds root ports
 * for them, and on a first define without PCI controllers it adds one spare.
 * Ports with hotplug='off' never count.
 */
export default defineRule({
  meta: {
    id: 'common/spare-pcie-ports',
    type: 'suggestion',
    docs: { description: 'PCI Express machines should keep enough empty hotplug-capable root or downstream ports for devices hot-plugged later.', rationale: "PCI controllers cannot be hot-plugged, so the ports for PCI Express devices hot-plugged later must exist when the guest starts (setting spareRootPorts). The count is after libvirt places the devices without an address; libvirt adds one spare pcie-root-port only on a first define without PCI controllers, and written ports stop it." },
    defaultSeverity: 'warn',
    hotplugPolicy: true,
    fixable: true,
    messages: {
      tooFew: "{{free}} free hotplug-capable PCIe port(s), {{required}} required: add {{missing}} pcie-root-port(s).",
      tooFewPredicted: "{{free}} free PCIe port(s) once {{pending}} device(s) are placed, {{required}} required: add {{missing}} pcie-root-port(s).",
      tooFewWithLibvirtSpare: "{{free}} free PCIe port(s) counting libvirt's one-time spare, {{required}} required: add {{missing}} now.",
    },
  },
  check(graph, context) {
    if (graph.machine.expectedRoot !== 'pcie-root' || graph.root?.model !== 'pcie-root') return;
    const required = context.settings.spareRootPorts;
    if (required <= 0) return;
    const prediction = context.prediction;
    // A domain libvirt refuses is other rules' business (e.g. q35/root-port-capacity).
    if (prediction.error) return;
    const free = freeHotplugPorts(prediction).length;
    if (free >= required) return;

    // Unaddressed devices (and written controllers) that land on a PCIe port.
    const ports = new Set(
      prediction.controllers.filter((c) => c.model === 'pcie-root-port' || c.model === 'pcie-switch-downstream-port').map((c) => c.index),
    );
    const onPort = (a: { bus: number } | null) => a !== null && ports.has(a.bus);
    const pending =
      prediction.devices.filter((d) => d.addressOrigin === 'predicted' && onPort(d.address)).length +
      prediction.controllers.filter((c) => c.origin !== 'predicted' && c.addressOrigin === 'predicted' && onPort(c.address)).length;
    const addedPorts = prediction.controllers.filter((c) => c.origin === 'predicted' && c.model === 'pcie-root-port');
    const writtenAboveZero = graph.controllers.some((c) => c.origin === 'written' && c.index !== null && c.index >= 1);
    const libvirtSpare = !writtenAboveZero && addedPorts.length > 0 && free > 0;

    const last = lastWrittenPciController(graph);
    const devices = graph.domainElement.children.find((e) => e.name === 'devices') ?? null;
    context.report({
      node: last ?? undefined,
      at: last ? last.element : devices,
      messageId: libvirtSpare ? 'tooFewWithLibvirtSpare' : addedPorts.length > 0 || pending > 0 ? 'tooFewPredicted' : 'tooFew',
      data: { free, required, missing: required - free, pending, added: addedPorts.length },
      fix: (fixer) => {
        const ports = portsFor(graph, context, required);
        return ports && fixer.insertControllers(ports);
      },
    });
  },
});

/**
 * The smallest number of written root ports after which the prediction
 * leaves `required` free ones. Written ports stop libvirt's own spare and
 * devices without an address take the lowest-index empty ports first, so
 * the answer is found by predicting again, not by subtraction.
 */
function portsFor(graph: DeviceGraph, context: RuleContext, required: number): NewController[] | null {
  const placements = validPlacements(graph);
  const firstIndex = nextControllerIndex(graph, placements);
  for (let add = 1; add <= required + 32 && firstIndex + add - 1 <= 255; add++) {
    const ports = newRootPorts(graph, add, firstIndex, placements);
    if (!ports) return null;
    const added: AddedController[] = ports.map((p) => ({
      model: p.model,
      index: p.index,
      address: { bus: p.address!.bus, slot: p.address!.slot, fn: p.address!.function },
    }));
    const after = context.predictWith(added);
    if (!after.error && freeHotplugPorts(after).length >= required) return ports;
  }
  return null;
}
