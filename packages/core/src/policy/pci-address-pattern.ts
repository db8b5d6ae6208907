/*
 * PCI addresses as declarative rules write them, for the address operators:
 * `dddd:bb:ss.f` or `bb:ss.f` (domain 0), hexadecimal as libvirt and lspci
 * print them; any field may be `*`; two addresses joined by `-` are an
 * inclusive range.
 */

export interface PciAddressValue {
  readonly domain: number;
  readonly bus: number;
  readonly slot: number;
  readonly function: number;
}

type FieldPattern = number | '*';

interface AddressPattern {
  readonly domain: FieldPattern;
  readonly bus: FieldPattern;
  readonly slot: FieldPattern;
  readonly function: FieldPattern;
}

export type AddressMatcher = (address: PciAddressValue) => boolean;

const ADDRESS = /^(?:([0-9a-f]{1,4}|\*):)?([0-9a-f]{1,2}|\*):([0-9a-f]{1,2}|\*)\.([0-7]|\*)$/i;

function field(text: string | undefined): FieldPattern {
  return text === undefined ? 0 : text === '*' ? '*' : parseInt(text, 16);
}

function parsePattern(text: string): AddressPattern | null {
  const m = ADDRESS.exec(text.trim());
  if (!m) return null;
  return { domain: field(m[1]), bus: field(m[2]), slot: field(m[3]), function: field(m[4]) };
}

/** Parses a concrete address; null for anything else (wildcards included). */
export function parsePciAddress(text: unknown): PciAddressValue | null {
  if (typeof text !== 'string') return null;
  const p = parsePattern(text);
  if (!p || p.domain === '*' || p.bus === '*' || p.slot === '*' || p.function === '*') return null;
  return p as PciAddressValue;
}

const ordinal = (a: PciAddressValue) => ((a.domain * 0x100 + a.bus) * 0x20 + a.slot) * 8 + a.function;

/** Compiles `0000:00:1f.*` or `00:02.0-00:05.7`; throws with the reason on anything else. */
export function compileAddressPattern(text: string): AddressMatcher {
  const dash = text.indexOf('-');
  if (dash >= 0) {
    const low = parsePciAddress(text.slice(0, dash));
    const high = parsePciAddress(text.slice(dash + 1));
    if (!low || !high) throw new Error(`"${text}" is not a PCI address range (both ends must be concrete addresses)`);
    const from = ordinal(low);
    const to = ordinal(high);
    return (a) => {
      const n = ordinal(a);
      return n >= from && n <= to;
    };
  }
  const p = parsePattern(text);
  if (!p) throw new Error(`"${text}" is not a PCI address pattern (expected dddd:bb:ss.f, bb:ss.f, fields may be *)`);
  const ok = (f: FieldPattern, v: number) => f === '*' || f === v;
  return (a) => ok(p.domain, a.domain) && ok(p.bus, a.bus) && ok(p.slot, a.slot) && ok(p.function, a.function);
}

/** Same domain, bus and slot: two functions of one slot (one card, one multifunction device). */
export function sameSlot(a: PciAddressValue, b: PciAddressValue): boolean {
  return a.domain === b.domain && a.bus === b.bus && a.slot === b.slot;
}
