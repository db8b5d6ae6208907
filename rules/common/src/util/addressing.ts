/**
 * Helpers shared by the addressing rules of the common pack: libvirt's
 * number syntaxes the front-end does not model, and the "this device cannot take that address type" table that
 * several rules consult so they do not report the same node twice.
 */
import {
  attribute,
  attributeValue,
  child,
  type DeviceGraph,
  type DeviceNode,
  type GraphNode,
  type XmlAttribute,
  type XmlElement,
} from '@pcilint/core';


/** The attribute an address-level diagnostic points at: `type`, else the element. */
export function addressTypeLocation(element: XmlElement): XmlAttribute | XmlElement {
  return attribute(element, 'type') ?? element;
}

/** The model libvirt fills index gaps and missing buses with (`qemuDomainPCIAddressSetCreate`, `src/qemu/qemu_domain_address.c:1646`). */
export function defaultGapModel(graph: DeviceGraph): string {
  if (graph.machine.family === 'pseries') return 'pci-root (spapr-pci-host-bridge)';
  return graph.machine.expectedRoot === 'pcie-root' ? 'pcie-root-port' : 'pci-bridge';
}

/** A device whose `<address>` type libvirt refuses (rule common/address-type-supported). */
export interface AddressTypeProblem {
  readonly messageId: 'diskBus' | 'usbDisk' | 'ramfb' | 'mdevModel' | 'shmemNeedsPci';
  readonly data: Readonly<Record<string, string>>;
  readonly at: XmlAttribute | XmlElement;
}

/**
 * The cases where libvirt refuses a device's address *type* before looking
 * at the PCI topology. Only these are listed: libvirt accepts a PCI address
 * on many devices that are not PCI by class (the counting pass of `qemuDomainAssignPCIAddresses`, `src/qemu/qemu_domain_address.c:2605` step b), so the
 * table is deliberately narrow. Sources:
 * - disks: virDomainDiskAddressDiskBusCompatibility (src/conf/domain_validate.c);
 *   a USB disk fails later in USB address assignment ("unexpected address type
 *   for usb disk", test disk-usb-pci);
 * - ramfb: virDomainVideoDefValidate (src/conf/domain_validate.c), any address
 *   type (checked with the oracle);
 * - mdev: the hostdev post-parse check (src/conf/domain_postparse.c): vfio-pci
 *   takes only PCI, vfio-ccw only CCW (tests hostdev-mdev-invalid-target-address,
 *   hostdev-subsys-mdev-vfio-ccw-invalid-address);
 * - shmem: the QEMU driver refuses any other type when the domain starts
 *   (test shmem-invalid-address).
 */
export function addressTypeProblem(node: GraphNode): AddressTypeProblem | null {
  if (node.kind !== 'device' || !node.addressElement) return null;
  const type = node.addressType;
  const at = addressTypeLocation(node.addressElement);
  switch (node.deviceKind) {
    case 'disk': {
      if (type !== 'pci') return null;
      const bus = node.diskBus;
      const dev = attributeValue(node.element ? child(node.element, 'target') : undefined, 'dev') ?? '';
      if (bus === 'ide' || bus === 'fdc' || bus === 'scsi' || bus === 'sata') {
        return { messageId: 'diskBus', data: { type, dev, bus }, at };
      }
      if (bus === 'usb') return { messageId: 'usbDisk', data: { type, dev }, at };
      return null;
    }
    case 'video':
      if (node.model === 'ramfb') return { messageId: 'ramfb', data: { type: type ?? '' }, at };
      return null;
    case 'hostdev': {
      if (node.element && attributeValue(node.element, 'type') !== 'mdev') return null;
      const model = node.model ?? '';
      // vfio-pci needs a PCI address and vfio-ccw a CCW one; vfio-ap is not checked there.
      if (type === null) return null;
      if ((model === 'vfio-pci' && type !== 'pci') || (model === 'vfio-ccw' && type !== 'ccw')) {
        return { messageId: 'mdevModel', data: { type, model }, at };
      }
      return null;
    }
    case 'shmem':
      if (type !== null && type !== 'pci') return { messageId: 'shmemNeedsPci', data: { type }, at };
      return null;
    default:
      return null;
  }
}

/** Nodes whose PCI address libvirt never gets to validate, because it refuses its type first. */
export function hasAddressTypeProblem(node: GraphNode): boolean {
  return addressTypeProblem(node) !== null;
}

/** Order of appearance in the file, for "report on the later one". */
export function sourceOffset(node: GraphNode): number {
  return node.element?.span.start ?? Number.MAX_SAFE_INTEGER;
}

/** 1-based line of an offset, for messages that refer to another element. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
