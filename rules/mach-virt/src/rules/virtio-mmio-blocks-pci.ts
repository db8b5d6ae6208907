import { defineRule } from '@pcilint/core';
import { describeTriggers, devicesSentToVirtioMmio, virtioMmioAddressed } from '../util/virtio-mmio.js';

/**
 * qemuDomainAssignVirtioMMIOAddresses, src/qemu/qemu_domain_address.c:483):
 * libvirt uses virtio-pci on virt only while no device has a virtio-mmio
 * address. One such address sends every virtio device written without an
 * address to virtio-mmio as well, silently. Those are sysbus devices: the
 * libvirt oracle's live detach of such a NIC failed with "Bus
 * 'virtio-mmio-bus.31' does not support hotplugging", and they never use the
 * root ports libvirt reserved. `<address type='pci'/>` keeps a device on
 * PCI (docs/formatdomain.rst), which is the fix, one device per report.
 */
export default defineRule({
  meta: {
    id: 'mach-virt/virtio-mmio-blocks-pci',
    type: 'suggestion',
    docs: {
      description:
        "On virt, one <address type='virtio-mmio'/> makes libvirt put every virtio device without an address on virtio-mmio too, where it cannot be hot-unplugged.",
      rationale:
        "Once one device has <address type='virtio-mmio'/>, libvirt puts every virtio device without an address on virtio-mmio as well: it gets no PCI slot and can never be hot-unplugged (QEMU: \"Bus 'virtio-mmio-bus.N' does not support hotplugging\").",
    },
    defaultSeverity: 'warn',
    hotplugPolicy: true,
    fixable: true,
    messages: {
      sentToMmio: "{{label}} follows {{trigger}} onto virtio-mmio: give it <address type='pci'/>.",
    },
  },
  check(graph, context) {
    const sent = devicesSentToVirtioMmio(graph);
    if (sent.length === 0) return;
    const trigger = describeTriggers(virtioMmioAddressed(graph));
    for (const device of sent) {
      const element = device.element;
      if (!element) continue;
      context.report({
        node: device,
        messageId: 'sentToMmio',
        data: { label: device.label, trigger },
        fix: (fixer) => fixer.appendChild(element, 'address', [['type', 'pci']]),
      });
    }
  },
});
