/**
 * The s390x zPCI extension of a PCI address, `<address type='pci'><zpci uid fid/></address>`.
 * The graph does not model it; libvirt reads it only inside a PCI address
 * (virZPCIDeviceAddressParseXML, src/conf/device_conf.c).
 */
import { allNodes, attribute, child, parseCInteger, type DeviceGraph, type GraphNode, type XmlAttribute, type XmlElement } from '@pcilint/core';

/** uid is 1..0xffff (VIR_DOMAIN_DEVICE_ZPCI_MAX_UID), fid any 32-bit value. */
export const ZPCI_MAX_UID = 0xffff;
const UINT_MAX = 0xffffffff;

export type ZpciIdName = 'uid' | 'fid';

export interface ZpciId {
  readonly name: ZpciIdName;
  readonly attr: XmlAttribute;
  /** Parsed as virXMLPropUInt (base 0, unsigned 32-bit) does; null when libvirt refuses the text. */
  readonly value: number | null;
}

export interface ZpciAddress {
  readonly node: GraphNode;
  readonly element: XmlElement;
  readonly uid: ZpciId | null;
  readonly fid: ZpciId | null;
}

/** Every `<zpci>` under a PCI address, controllers first, in document order. */
export function zpciAddresses(graph: DeviceGraph): ZpciAddress[] {
  const result: ZpciAddress[] = [];
  for (const node of allNodes(graph)) {
    const element = node.address ? child(node.address.element, 'zpci') : undefined;
    if (!element) continue;
    result.push({ node, element, uid: readId(element, 'uid'), fid: readId(element, 'fid') });
  }
  return result;
}

function readId(element: XmlElement, name: ZpciIdName): ZpciId | null {
  const attr = attribute(element, name);
  if (!attr) return null;
  const value = parseCInteger(attr.value);
  return { name, attr, value: value !== null && value >= 0 && value <= UINT_MAX && !attr.value.trim().startsWith('-') ? value : null };
}

/**
 * libvirt counts a zPCI address as present when uid or fid is written
 * (virZPCIDeviceAddressIsPresent); an empty `<zpci/>` is ignored (oracle:
 * accepted on x86).
 */
export function zpciPresent(z: ZpciAddress): boolean {
  return z.uid !== null || z.fid !== null;
}

/** `0x0019`: the %.4x / %.8x forms libvirt prints and formats uid and fid with. */
export function formatZpciId(name: ZpciIdName, value: number): string {
  return '0x' + value.toString(16).padStart(name === 'uid' ? 4 : 8, '0');
}
