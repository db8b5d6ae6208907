import fc from 'fast-check';

/**
 * A mutation is plain data, so fast-check generates and shrinks it: a
 * failing case shrinks to the fewest, smallest mutations of one seed.
 * Positions are taken modulo the input's length, so a mutation applies to
 * any seed.
 */
export type Mutation =
  | { readonly kind: 'set-byte'; readonly at: number; readonly value: number }
  | { readonly kind: 'insert-bytes'; readonly at: number; readonly bytes: readonly number[] }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number; readonly times: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'attribute-value'; readonly which: number; readonly value: string }
  | { readonly kind: 'element-copy'; readonly which: number; readonly times: number }
  | { readonly kind: 'element-drop'; readonly which: number }
  | { readonly kind: 'element-nest'; readonly which: number; readonly depth: number }
  | { readonly kind: 'splice-text'; readonly at: number; readonly text: string };

/** Values that broke parsers before: edges of every integer range, notations, junk. */
export const INTERESTING_VALUES: readonly string[] = [
  '0', '1', '-1', '7', '8', '0x1f', '0x20', '31', '32', '0xff', '255', '256', '0x100', '0xffff', '65535', '65536',
  '0xffffffff', '4294967295', '4294967296', '2147483647', '2147483648', '-2147483649', '99999999999999999999',
  '1e3', '0x', '0x-1', ' 1', '1 ', '+3', '017', '0b1', '1.5', 'NaN', 'Infinity', '', ' ', 'on', 'off', 'yes',
  'pcie-root', 'pci-root', 'pcie-root-port', 'pci-bridge', 'dmi-to-pci-bridge', 'pcie-to-pci-bridge', 'pcie-switch-upstream-port',
  'pcie-switch-downstream-port', 'pci-expander-bus', 'pcie-expander-bus', 'spapr-pci-host-bridge', 'virtio', 'e1000', 'e1000e',
  'pci', 'ccw', 'virtio-mmio', 'drive', 'usb', 'q35', 'pc', 'pseries', 'virt', 'pc-q35-7.2', 'pc-i440fx-7.2', 'x86_64', 'aarch64',
  'ppc64', 's390x',
  // Names every object literal answers: a lookup table keyed by input must not (arch='valueOf' crashed once).
  'constructor', '__proto__', 'valueOf', 'toString', 'hasOwnProperty', 'prototype',
  '&amp;', '&#0;', '&#x110000;', '\u0000', '\uFFFD', '\uD800', "'", '"', '<', '>', ']]>', ',', ',,', '=', '{', '}',
];

const position = fc.nat({ max: 1 << 20 });

// Structure-level mutations weigh most: byte-level ones mostly end at the decoder or the parser,
// which is worth testing but reaches no rule.
const byteValue = fc.oneof(fc.nat({ max: 127 }), fc.nat({ max: 255 }));

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('set-byte' as const), at: position, value: byteValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert-bytes' as const), at: position, bytes: fc.array(byteValue, { minLength: 1, maxLength: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 256 }), times: fc.integer({ min: 1, max: 64 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: position }) },
  {
    weight: 10,
    arbitrary: fc.record({ kind: fc.constant('attribute-value' as const), which: position, value: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...INTERESTING_VALUES) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }) }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('element-copy' as const), which: position, times: fc.integer({ min: 1, max: 300 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('element-drop' as const), which: position }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('element-nest' as const), which: position, depth: fc.integer({ min: 1, max: 2000 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('splice-text' as const), at: position, text: fc.constantFrom(...INTERESTING_VALUES, ' -device ', ' \\\n', "'", '"', '<!--', '-->', '<![CDATA[') }),
  },
);

/** Cases stay below this: the time bound grows with size, and a bigger case finds nothing a smaller one does not. */
export const MAX_CASE_BYTES = 256 * 1024;

/** Applies mutations in order (one that would grow the case past MAX_CASE_BYTES is skipped); the result may be anything, including not text. */
export function applyMutations(input: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes: Buffer = Buffer.from(input);
  for (const m of mutations) {
    const next = applyOne(bytes, m);
    if (next.length <= MAX_CASE_BYTES) bytes = next;
  }
  return bytes;
}

function applyOne(bytes: Buffer, m: Mutation): Buffer {
  const at = (n: number) => (bytes.length === 0 ? 0 : n % (bytes.length + 1));
  switch (m.kind) {
    case 'set-byte': {
      if (bytes.length === 0) return bytes;
      const copy = Buffer.from(bytes);
      copy[m.at % bytes.length] = m.value;
      return copy;
    }
    case 'insert-bytes':
      return Buffer.concat([bytes.subarray(0, at(m.at)), Buffer.from(m.bytes), bytes.subarray(at(m.at))]);
    case 'delete':
      return Buffer.concat([bytes.subarray(0, at(m.at)), bytes.subarray(at(m.at) + m.length)]);
    case 'duplicate': {
      const start = at(m.at);
      const piece = bytes.subarray(start, start + m.length);
      return Buffer.concat([bytes.subarray(0, start), ...Array.from({ length: m.times + 1 }, () => piece), bytes.subarray(start + piece.length)]);
    }
    case 'truncate':
      return bytes.subarray(0, at(m.at));
    case 'splice-text':
      return Buffer.concat([bytes.subarray(0, at(m.at)), Buffer.from(m.text, 'utf8'), bytes.subarray(at(m.at))]);
    default:
      return Buffer.from(structural(bytes.toString('latin1'), m), 'latin1');
  }
}

// Works on latin1 text so every byte survives the round trip, whatever the input holds.
function structural(text: string, m: Mutation): string {
  switch (m.kind) {
    case 'attribute-value': {
      const values = [...text.matchAll(/=(['"])([^'"]*)\1/g)];
      if (values.length === 0) return text;
      const hit = values[m.which % values.length]!;
      const start = hit.index! + 2;
      const quote = hit[1]!;
      return text.slice(0, start) + Buffer.from(m.value.replaceAll(quote, ''), 'utf8').toString('latin1') + text.slice(start + hit[2]!.length);
    }
    case 'element-copy':
    case 'element-drop':
    case 'element-nest': {
      const elements = elementSpans(text);
      if (elements.length === 0) return text;
      const [start, end] = elements[m.which % elements.length]!;
      const element = text.slice(start, end);
      if (m.kind === 'element-drop') return text.slice(0, start) + text.slice(end);
      if (m.kind === 'element-copy') return text.slice(0, end) + element.repeat(m.times) + text.slice(end);
      const name = /^<([\w:-]+)/.exec(element)?.[1] ?? 'x';
      return text.slice(0, start) + `<${name}>`.repeat(m.depth) + element + `</${name}>`.repeat(m.depth) + text.slice(end);
    }
    default:
      return text;
  }
}

/** Self-closing elements and simple open/close pairs without nesting of the same name: enough to copy devices around. */
function elementSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(/<([\w:-]+)\b[^<>]*\/>|<([\w:-]+)\b[^<>]*>[^]*?<\/\2>/g)) {
    if (spans.length > 4000) break;
    spans.push([m.index!, m.index! + m[0].length]);
  }
  return spans;
}
