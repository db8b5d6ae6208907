import { attribute, child, defineRule, type DeviceNode, type XmlAttribute } from '@pcilint/core';
import {
  describeTriggers, devicesSentToVirtioMmio, isScsiHostHostdev, virtioMmioAddressed, virtioMmioReason,
} from '../util/virtio-mmio.js';

/**
 * qemuDomainAssignVirtioMMIOAddresses and qemuBuildVirtioDevGetConfig (src/qemu/qemu_command.c:953):
 * devices that cannot work on virtio-mmio, whether
 * their own address says virtio-mmio or libvirt's priming put them there
 * (see util/virtio-mmio.ts). Both refusals were reproduced with the oracle
 * (libvirt 9.0 + QEMU 7.2, aarch64 virt):
 * - a (non-)transitional virtio model: libvirt accepts the domain and asks
 *   QEMU for `virtio-<x>-device-[non-]transitional`, which QEMU 7.2 does not
 *   have (only the -pci variants exist), so QEMU refuses to start: "'virtio-
 *   scsi-device-transitional' is not a valid device model name";
 * - a vhost-scsi `<hostdev type='scsi_host'>`: libvirt refuses the domain
 *   ("SCSI_host host device must use 'pci' or 'ccw' address type").
 * Inputs are left out: libvirt refuses (non-)transitional input models on
 * any address.
 */
export default defineRule({
  meta: {
    id: 'mach-virt/virtio-mmio-incompatible-device',
    type: 'problem',
    docs: {
      description:
        'On virt, devices with a (non-)transitional virtio model and vhost-scsi hostdevs cannot be virtio-mmio devices, whether their address or libvirt puts them there.',
      rationale:
        "Only virtio-pci devices come in transitional and non-transitional variants: on virtio-mmio libvirt starts QEMU with a device such as 'virtio-blk-device-transitional', which does not exist (\"is not a valid device model name\"). A scsi_host hostdev needs a PCI or CCW address (\"SCSI_host host device must use 'pci' or 'ccw' address type\").",
    },
    defaultSeverity: 'error',
    messages: {
      transitionalModel: "{{label}} is {{model}}, which virtio-mmio lacks: use model='virtio' or a PCI address.",
      scsiHost: "{{label}} cannot use virtio-mmio: give it <address type='pci'/>.",
    },
  },
  check(graph, context) {
    const triggers = virtioMmioAddressed(graph);
    if (triggers.length === 0) return;
    const sent = devicesSentToVirtioMmio(graph);
    const trigger = describeTriggers(triggers);
    for (const device of graph.devices) {
      const reason = virtioMmioReason(graph, device, sent);
      if (!reason) continue;
      const how =
        reason === 'explicit'
          ? "sits on virtio-mmio (its <address type='virtio-mmio'/>)"
          : `goes to virtio-mmio (it has no <address>, and ${trigger} has <address type='virtio-mmio'/>, so libvirt puts every virtio device without one there)`;
      if (isScsiHostHostdev(device)) {
        context.report({ node: device, at: device.addressElement, messageId: 'scsiHost', data: { label: device.label, how } });
        continue;
      }
      const base = MMIO_DRIVER[driverKey(device)];
      const model = device.model;
      if (!base || (model !== 'virtio-transitional' && model !== 'virtio-non-transitional')) continue;
      const suffix = model === 'virtio-transitional' ? 'transitional' : 'non-transitional';
      context.report({
        node: device,
        at: modelAttribute(device),
        messageId: 'transitionalModel',
        data: { label: device.label.replace(` (${model})`, ''), model, how, driver: `${base}-${suffix}` },
      });
    }
  },
});

/**
 * QEMU's virtio-mmio device types for the kinds whose (non-)transitional
 * model the oracle showed libvirt turning into a `-device` name.
 */
const MMIO_DRIVER: Readonly<Record<string, string>> = {
  disk: 'virtio-blk-device',
  interface: 'virtio-net-device',
  'controller:virtio-serial': 'virtio-serial-device',
  'controller:scsi': 'virtio-scsi-device',
  memballoon: 'virtio-balloon-device',
  rng: 'virtio-rng-device',
};

function driverKey(device: DeviceNode): string {
  return device.deviceKind === 'controller' ? `controller:${device.controllerType ?? ''}` : device.deviceKind;
}

/** Where the model is written: `model='...'` on the element, or `<model type='...'/>` for NICs. */
function modelAttribute(device: DeviceNode): XmlAttribute | null {
  const element = device.element ?? undefined;
  return attribute(element, 'model') ?? (element ? attribute(child(element, 'model'), 'type') ?? null : null);
}
