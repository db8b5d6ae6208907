/**
 * Bytes to text, as libvirt reads a domain XML: UTF-8 only, a UTF-8 byte
 * order mark allowed (kept in the text, so a fix writes it back). Measured
 * with `virsh define` (libvirt 9.0, libxml2 2.9): a UTF-16 file with BOM is
 * refused ("Start tag expected, '<' not found": virsh reads the file into a
 * C string), and a byte that is not UTF-8 is refused whatever the XML
 * declaration names ("Input is not proper UTF-8, indicate encoding !").
 * pcilint refuses the same files, with the line and column of the first bad
 * byte, instead of linting a text libvirt would never see.
 */

export interface DecodeFailure {
  readonly message: string;
  /** 1-based, of the first byte that cannot be read. */
  readonly line: number;
  readonly column: number;
  /** Byte offset of that byte. */
  readonly byteOffset: number;
}

export type DecodeResult = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'error'; readonly error: DecodeFailure };

const UTF16_BOMS: readonly { readonly bytes: readonly number[]; readonly name: string }[] = [
  { bytes: [0xff, 0xfe], name: 'UTF-16 little-endian' },
  { bytes: [0xfe, 0xff], name: 'UTF-16 big-endian' },
];

export function decodeSource(bytes: Uint8Array): DecodeResult {
  const utf16 = utf16Kind(bytes);
  if (utf16 !== null) {
    return failure(
      bytes,
      0,
      `the file is ${utf16}; libvirt reads domain XML as UTF-8 and refuses it ("Start tag expected, '<' not found"): convert it, e.g. iconv -f UTF-16 -t UTF-8`,
    );
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad !== -1) {
    const declared = declaredEncoding(bytes);
    const note =
      declared !== null && !/^(utf-?8|us-ascii|ascii)$/i.test(declared)
        ? ` (the XML declaration names ${declared}, but libvirt reads UTF-8 whatever it says)`
        : '';
    return failure(bytes, bad, `byte 0x${bytes[bad]!.toString(16).toUpperCase().padStart(2, '0')} is not UTF-8${note}; libvirt refuses the file ("Input is not proper UTF-8")`);
  }
  return { kind: 'text', text: UTF8.decode(bytes) };
}

/** The encoding for writing a fixed text back: the reverse of decodeSource, BOM included. */
export function encodeSource(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

// ignoreBOM keeps a UTF-8 BOM in the text: the fixer writes it back and line 1 column 1 stays where editors put it.
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

function utf16Kind(bytes: Uint8Array): string | null {
  for (const bom of UTF16_BOMS) {
    if (bytes.length >= 2 && bytes[0] === bom.bytes[0] && bytes[1] === bom.bytes[1]) return `${bom.name} (with a byte order mark)`;
  }
  // Without a BOM, XML 1.0 Appendix F: '<' as a 16-bit unit.
  if (bytes.length >= 4 && bytes[0] === 0x3c && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0) return 'UTF-16 little-endian (without a byte order mark)';
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0x3c && bytes[2] === 0 && bytes[3] !== 0) return 'UTF-16 big-endian (without a byte order mark)';
  return null;
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates, <= U+10FFFF), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1, min = 0x80;
    else if (b === 0xe0) need = 2, min = 0xa0;
    else if (b === 0xed) need = 2, min = 0x80, max = 0x9f;
    else if (b >= 0xe1 && b <= 0xef) need = 2, min = 0x80;
    else if (b === 0xf0) need = 3, min = 0x90;
    else if (b >= 0xf1 && b <= 0xf3) need = 3, min = 0x80;
    else if (b === 0xf4) need = 3, min = 0x80, max = 0x8f;
    else return i;
    if (i + need >= n) return i; // truncated sequence
    const second = bytes[i + 1]!;
    if (second < min || second > max) return i;
    for (let k = 2; k <= need; k++) {
      const c = bytes[i + k]!;
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

function declaredEncoding(bytes: Uint8Array): string | null {
  const head = String.fromCharCode(...bytes.subarray(0, Math.min(bytes.length, 200)));
  const match = /^(?:\uFEFF|\xEF\xBB\xBF)?\s*<\?xml\s[^?]*?encoding\s*=\s*(["'])([A-Za-z0-9._-]+)\1/.exec(head);
  return match ? match[2]! : null;
}

function failure(bytes: Uint8Array, byteOffset: number, message: string): DecodeResult {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < byteOffset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // Columns count characters, as editors do: the bytes before are valid UTF-8 (continuation bytes do not count).
  let column = 1;
  for (let i = lineStart; i < byteOffset; i++) if ((bytes[i]! & 0xc0) !== 0x80) column++;
  return { kind: 'error', error: { message, line, column, byteOffset } };
}
