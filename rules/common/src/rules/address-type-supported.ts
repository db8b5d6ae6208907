import { defineRule } from '@pcilint/core';
import { addressTypeProblem } from '../util/addressing.js';

/**
 * Devices whose `<address>` type libvirt refuses before any PCI topology
 * check (the table is util/addressing.ts addressTypeProblem). Deliberately
 * narrow: libvirt accepts a PCI address on many devices that are not PCI by
 * class and treats them as PCI endpoints (the counting pass of `qemuDomainAssignPCIAddresses`, `src/qemu/qemu_domain_address.c:2605` step b), so only the
 * refusals below are reported. Tests disk-sata-incompatible-address,
 * disk-scsi-incompatible-address, disk-usb-pci,
 * video-ramfb-display-device-pci-address, hostdev-mdev-invalid-target-address,
 * hostdev-subsys-mdev-vfio-ccw-invalid-address, shmem-invalid-address.
 */
export default defineRule({
  meta: {
    id: 'common/address-type-supported',
    type: 'problem',
    docs: {
      description:
        "A device may only carry an <address> type it can use: no PCI address on a SATA/SCSI/IDE/USB/floppy disk, no address at all on a ramfb video, only CCW on a vfio-ccw mdev, only PCI on a shmem or a vfio-pci mdev.",
      rationale:
        "libvirt refuses an address type a device cannot have: a sata/scsi/ide disk hangs off its controller, which is the PCI device; a USB disk takes a usb address; ramfb is not a PCI device; a mediated device of model vfio-pci needs a PCI address; shmem supports only PCI addresses.",
    },
    defaultSeverity: 'error',
    machineIndependent: true,
    messages: {
      diskBus: "Invalid address type '{{type}}' for the {{bus}} disk '{{dev}}': use a drive address, or none.",
      usbDisk: "unexpected address type for usb disk '{{dev}}': use a usb address, not '{{type}}'.",
      ramfb: "address not supported for video type ramfb: remove its <address type='{{type}}'>.",
      mdevModel: "Unsupported address type '{{type}}' with mediated device model '{{model}}'.",
      shmemNeedsPci: "only 'pci' addresses are supported for the shared memory device, not '{{type}}'.",
    },
  },
  check(graph, context) {
    for (const node of graph.devices) {
      const problem = addressTypeProblem(node);
      if (problem) context.report({ node, at: problem.at, messageId: problem.messageId, data: problem.data });
    }
  },
});
