import { parseXml, childrenNamed, child, attributeValue, type XmlElement } from '@pcilint/core';

export interface PciAddress {
  readonly domain: number;
  readonly bus: number;
  readonly slot: number;
  readonly function: number;
}

export interface DumpController {
  readonly type: string;
  readonly index: number;
  readonly model: string | null;
  readonly modelName: string | null;
  readonly address: PciAddress | null;
}

export interface DumpDevice {
  /** Element name: interface, disk, controller, memballoon, hostdev, video, ... */
  readonly kind: string;
  readonly address: PciAddress;
  readonly multifunction: boolean;
}

export interface DumpPci {
  readonly machine: string | null;
  readonly arch: string | null;
  /** Every `<controller>` in document order (libvirt's own order). */
  readonly controllers: readonly DumpController[];
  /** Every element under `<devices>` with a `type='pci'` address, controllers included. */
  readonly devices: readonly DumpDevice[];
}

const num = (s: string | undefined): number => (s === undefined ? 0 : Number(s.startsWith('0x') ? parseInt(s, 16) : Number(s)));

function pciAddress(el: XmlElement): PciAddress | null {
  const a = child(el, 'address');
  if (!a || attributeValue(a, 'type') !== 'pci') return null;
  return { domain: num(attributeValue(a, 'domain')), bus: num(attributeValue(a, 'bus')), slot: num(attributeValue(a, 'slot')), function: num(attributeValue(a, 'function')) };
}

/** Reads the PCI facts out of libvirt's `dumpxml` output. Throws on XML that does not parse. */
export function parseDumpXml(xml: string): DumpPci {
  const parsed = parseXml(xml);
  if (!parsed.ok) throw new Error(`dumpxml does not parse: ${parsed.error.message}`);
  const root = parsed.root;
  const type = child(child(root, 'os') as XmlElement, 'type');
  const devicesEl = child(root, 'devices');
  const controllers: DumpController[] = [];
  const devices: DumpDevice[] = [];
  for (const el of devicesEl?.children ?? []) {
    const address = pciAddress(el);
    if (el.name === 'controller') {
      controllers.push({
        type: attributeValue(el, 'type') ?? '',
        index: num(attributeValue(el, 'index')),
        model: attributeValue(el, 'model') ?? null,
        modelName: attributeValue(child(el, 'model'), 'name') ?? null,
        address,
      });
    }
    if (address) {
      devices.push({ kind: el.name, address, multifunction: attributeValue(child(el, 'address'), 'multifunction') === 'on' });
    }
  }
  return { machine: attributeValue(type, 'machine') ?? null, arch: attributeValue(type, 'arch') ?? null, controllers, devices };
}

export const formatAddress = (a: PciAddress): string =>
  `${a.domain.toString(16).padStart(4, '0')}:${a.bus.toString(16).padStart(2, '0')}:${a.slot.toString(16).padStart(2, '0')}.${a.function}`;

/** Names of all elements of a kind under devices, used to count e.g. NICs. */
export function countDevices(xml: string, kind: string): number {
  const parsed = parseXml(xml);
  if (!parsed.ok) return 0;
  return childrenNamed(child(parsed.root, 'devices') as XmlElement, kind).length;
}
