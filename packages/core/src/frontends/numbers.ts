/**
 * Parses an integer the way libvirt's virStrToLong_* with base 0 does (C
 * strtol semantics): `0x` hex, a leading `0` octal, otherwise decimal, with
 * an optional sign and nothing else around it. Returns null when libvirt
 * would refuse the text.
 */
export function parseCInteger(text: string): number | null {
  const hex = plainHex(text);
  if (hex !== null) return hex;
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return null;
  const body = m[2];
  let value: number;
  if (/^0[xX]/.test(body)) value = parseInt(body.slice(2), 16);
  else if (body.length > 1 && body.startsWith('0')) value = parseInt(body.slice(1), 8);
  else value = parseInt(body, 10);
  // libvirt reads these into a C unsigned int (virStrToLong_ui): anything larger is not a number to it.
  if (value > 0xffffffff) return null;
  return m[1] === '-' ? -value : value;
}

/**
 * `0x` and one to seven hex digits, what nearly every address attribute holds, read without a
 * regular expression (a fleet run parses a dozen per guest); null for anything else.
 */
function plainHex(text: string): number | null {
  const n = text.length;
  if (n < 3 || n > 9 || text.charCodeAt(0) !== 48 || (text.charCodeAt(1) | 32) !== 120) return null;
  let value = 0;
  for (let i = 2; i < n; i++) {
    const c = text.charCodeAt(i);
    const lower = c | 32;
    const digit = c >= 48 && c <= 57 ? c - 48 : lower >= 97 && lower <= 102 ? lower - 87 : -1;
    if (digit < 0) return null;
    value = value * 16 + digit;
  }
  return value;
}

/**
 * Parses a decimal integer as libvirt's virXMLPropInt/UInt with base 10
 * does (controller `index`, `<node>`): `0x1` is refused, `010` is ten.
 */
export function parseDecimalInteger(text: string): number | null {
  const m = /^\s*([+-]?\d+)$/.exec(text);
  if (!m) return null;
  const value = parseInt(m[1], 10);
  // A C int (virXMLPropInt): libvirt says "Expected integer value" beyond it.
  return value > 2 ** 31 - 1 || value < -(2 ** 31) ? null : value;
}

/** Formats a value as libvirt prints it in addresses: 0x%02x etc. */
export function hex(value: number, width: number): string {
  return '0x' + value.toString(16).padStart(width, '0');
}

/** `0000:01:00.0`, the form libvirt's messages use. */
export function formatPciAddress(domain: number, bus: number, slot: number, fn: number): string {
  return `${domain.toString(16).padStart(4, '0')}:${bus.toString(16).padStart(2, '0')}:${slot
    .toString(16)
    .padStart(2, '0')}.${fn.toString(16)}`;
}
