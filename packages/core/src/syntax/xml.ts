import type { Span } from './source.js';
import { saxes } from './saxes-module.js';
import { parsePlainXml } from './xml-plain.js';
import type { MutableElement as BuildingElement } from './mutable-element.js';

/** One attribute with the exact spans of its name and its raw (unexpanded) value. */
export interface XmlAttribute {
  readonly kind: 'attribute';
  readonly name: string;
  /** The value with the five predefined XML entities decoded. */
  readonly value: string;
  /** From the first character of the name to the closing quote, inclusive. */
  readonly span: Span;
  /** Inside the quotes. */
  readonly valueSpan: Span;
  readonly quote: '"' | "'";
  readonly element: XmlElement;
}

export interface XmlElement {
  readonly kind: 'element';
  readonly name: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlElement[];
  readonly parent: XmlElement | null;
  /** From `<` of the start tag to `>` of the end tag (or of the self-closing tag). */
  readonly span: Span;
  /** The start tag alone: `<name ...>` or `<name .../>`. */
  readonly startTagSpan: Span;
  readonly selfClosing: boolean;
  /** Concatenated direct text content, entities decoded. */
  readonly text: string;
}

export interface XmlSyntaxError {
  readonly message: string;
  readonly offset: number;
}

export type XmlParseResult =
  | { readonly ok: true; readonly root: XmlElement }
  | { readonly ok: false; readonly error: XmlSyntaxError };

interface MutableAttribute extends Omit<XmlAttribute, 'element'> {
  element: MutableElement | null;
}

type MutableElement = BuildingElement<MutableAttribute>;


/**
 * Parses XML into a small positioned tree. saxes never expands DTD entities
 * nor fetches external ones: a reference to anything but the five predefined
 * entities or a character reference is a syntax error, which is what we want
 * for untrusted guest definitions (design.md, "XML without surprises").
 */
export function parseXml(text: string): XmlParseResult {
  // libxml2 says "Document is empty"; saxes would point past the last blank line.
  if (!/\S/.test(text.replace(/^\uFEFF/, ''))) return { ok: false, error: { message: 'the file is empty (libvirt: "Document is empty")', offset: 0 } };
  const plain = parsePlainXml(text);
  if (plain) return { ok: true, root: plain };
  return parseWithSaxes(text);
}

/** Any XML, and every error with saxes' words: what parsePlainXml leaves. */
export function parseWithSaxes(text: string): XmlParseResult {
  const parser = new (saxes().SaxesParser)({ position: true });
  let firstError: XmlSyntaxError | null = null;
  let root: MutableElement | null = null;
  const stack: MutableElement[] = [];
  // Attributes arrive before their element exists; they get it when the start tag closes.
  let pendingAttributes: MutableAttribute[] = [];

  const declaredEntities = new Map<string, 'internal' | 'external'>();
  parser.on('doctype', (doctype) => {
    for (const m of doctype.matchAll(/<!ENTITY\s+([^\s%]+)\s+(SYSTEM|PUBLIC)?/g)) declaredEntities.set(m[1]!, m[2] ? 'external' : 'internal');
  });
  parser.on('error', (err) => {
    if (!firstError) {
      const offset = Math.min(parser.position, text.length);
      const message = stripSaxesPrefix(err.message);
      firstError = { message: message === 'undefined entity' ? entityMessage(text, offset, declaredEntities) : message, offset };
    }
    throw err;
  });
  parser.on('opentagstart', () => {
    pendingAttributes = [];
  });
  parser.on('attribute', (attr) => {
    // saxes reports the attribute right after its closing quote.
    const end = parser.position;
    const quote = text[end - 1] as '"' | "'";
    const open = text.lastIndexOf(quote, end - 2);
    const nameStart = findNameStart(text, open, attr.name);
    pendingAttributes.push({
      kind: 'attribute',
      name: attr.name,
      value: attr.value,
      span: { start: nameStart, end },
      valueSpan: { start: open + 1, end: end - 1 },
      quote,
      element: null,
    });
  });
  parser.on('opentag', (tag) => {
    const end = parser.position;
    const start = text.lastIndexOf('<' + tag.name, end - 1);
    const element: MutableElement = {
      kind: 'element',
      name: tag.name,
      attributes: pendingAttributes,
      children: [],
      parent: stack.length ? stack[stack.length - 1] : null,
      span: { start, end },
      startTagSpan: { start, end },
      selfClosing: tag.isSelfClosing,
      text: '',
    };
    for (const a of pendingAttributes) a.element = element;
    if (element.parent) element.parent.children.push(element);
    else root = element;
    stack.push(element);
  });
  parser.on('closetag', () => {
    const element = stack.pop();
    if (element) element.span.end = parser.position;
  });
  parser.on('text', (t) => {
    if (stack.length) stack[stack.length - 1].text += t;
  });
  parser.on('cdata', (t) => {
    if (stack.length) stack[stack.length - 1].text += t;
  });

  try {
    parser.write(text).close();
  } catch {
    // Reported through firstError below.
  }
  if (firstError) return { ok: false, error: firstError };
  if (!root) return { ok: false, error: { message: 'document has no root element', offset: text.length } };
  return { ok: true, root: root as XmlElement };
}

/**
 * libvirt (libxml2) expands a DOCTYPE's internal entities and refuses a
 * reference loop; it never loads an external one. pcilint expands neither,
 * so a billion laughs or an external file can cost nothing: the message
 * says so instead of saxes' bare "undefined entity".
 */
function entityMessage(text: string, offset: number, declared: ReadonlyMap<string, 'internal' | 'external'>): string {
  const amp = text.lastIndexOf('&', offset);
  const name = amp >= 0 ? /^&([^\s;&<]*);?/.exec(text.slice(amp, amp + 200))?.[1] ?? '' : '';
  switch (declared.get(name)) {
    case 'internal':
      return `entity &${name}; is declared in the DOCTYPE, but pcilint does not expand DTD entities: write its value in place`;
    case 'external':
      return `external entity &${name}; is never read (by pcilint or by libvirt): write the value in place`;
    default:
      return `undefined entity &${name}; (libvirt: "Entity '${name}' not defined")`;
  }
}

function stripSaxesPrefix(message: string): string {
  // saxes prefixes messages with "line:column: "; we compute positions ourselves.
  return message.replace(/^\d+:\d+:\s*/, '').replace(/\.$/, '');
}

function findNameStart(text: string, openQuote: number, name: string): number {
  // Between the name and the opening quote there is `=` with optional whitespace.
  let i = openQuote - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  if (text[i] === '=') i--;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return i - name.length + 1;
}

/** First direct child with that name. */
export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

export function attribute(element: XmlElement | undefined, name: string): XmlAttribute | undefined {
  return element?.attributes.find((a) => a.name === name);
}

export function attributeValue(element: XmlElement | undefined, name: string): string | undefined {
  return attribute(element, name)?.value;
}

/** XPath-like location, 1-based among same-named siblings: /domain/devices/interface[2]. */
export function elementPath(element: XmlElement): string {
  const parts: string[] = [];
  let current: XmlElement | null = element;
  while (current) {
    const { ordinal, of } = sameNameOrdinal(current);
    parts.unshift(of > 1 ? `${current.name}[${ordinal}]` : current.name);
    current = current.parent;
  }
  return '/' + parts.join('/');
}

/**
 * elementPath of each of an element's children, in order, numbered in one pass: what the graph
 * builder needs for every device, without a numbering lookup per device.
 */
export function childElementPaths(parent: XmlElement): string[] {
  const prefix = `${elementPath(parent)}/`;
  const total = new Map<string, number>();
  for (const c of parent.children) total.set(c.name, (total.get(c.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  return parent.children.map((c) => {
    const n = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, n);
    return total.get(c.name)! > 1 ? `${prefix}${c.name}[${n}]` : prefix + c.name;
  });
}

/** An element's 1-based position among its parent's children of the same name, and how many there are. */
export function sameNameOrdinal(element: XmlElement): { readonly ordinal: number; readonly of: number } {
  return element.parent ? ordinalsOf(element.parent).get(element)! : { ordinal: 1, of: 1 };
}

// Each parent's children numbered once: numbering per call made a path cost its siblings (quadratic in devices).
// The numbers of one tree at a time, held strongly: a WeakMap keyed by elements kept the trees it had seen
// alive through V8's young-generation collections (--trace-gc-nvp: each file's tree was promoted to the old
// generation, a fifth of a fleet run's time in collections).
let numberedTree: XmlElement | null = null;
let childOrdinals = new Map<XmlElement, Map<XmlElement, { ordinal: number; of: number }>>();

function ordinalsOf(parent: XmlElement): Map<XmlElement, { ordinal: number; of: number }> {
  let ordinals = childOrdinals.get(parent);
  if (ordinals) return ordinals;
  let root = parent;
  while (root.parent) root = root.parent;
  if (root !== numberedTree) {
    numberedTree = root;
    childOrdinals = new Map();
  }
  const total = new Map<string, number>();
  for (const c of parent.children) total.set(c.name, (total.get(c.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  ordinals = new Map();
  for (const c of parent.children) {
    const n = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, n);
    ordinals.set(c, { ordinal: n, of: total.get(c.name)! });
  }
  childOrdinals.set(parent, ordinals);
  return ordinals;
}
