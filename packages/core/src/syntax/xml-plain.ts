import type { XmlAttribute, XmlElement, XmlParseResult } from './xml.js';
import type { MutableElement } from './mutable-element.js';

/**
 * A fast reader for the XML that guest definitions are made of: elements,
 * attributes, text and comments, ASCII names, an optional plain XML
 * declaration. It returns the same positioned tree as saxes would (the
 * differential test in xml-plain.test.ts holds it to that) or null for
 * anything else: a DOCTYPE, CDATA, processing instructions, entity or
 * character references, control characters, characters outside the BMP,
 * non-ASCII names, whitespace inside attribute values, and every syntax error.
 * parseXml then hands the text to saxes, which decides and words the error.
 *
 * Why: saxes reads one code point at a time through a state machine and was
 * 40% of a fleet run (docs/performance.md); this scanner jumps between
 * markup with indexOf and never reads a character twice.
 */
export function parsePlainXml(text: string): XmlElement | null {
  // One native scan rejects every character XML 1.0 forbids, and astral ones (surrogates), which this reader leaves to saxes.
  if (UNUSUAL_CHARACTER.test(text)) return null;
  const length = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (text.startsWith('<?', i)) {
    const declaration = XML_DECLARATION.exec(text.slice(i, i + 200));
    if (!declaration) return null;
    i += declaration[0].length;
  }
  let root: MutableElement | null = null;
  let rootClosed = false;
  const stack: MutableElement[] = [];
  let current: MutableElement | null = null;

  while (i < length) {
    const lt = text.indexOf('<', i);
    const textEnd = lt === -1 ? length : lt;
    if (textEnd > i) {
      const chunk = text.slice(i, textEnd);
      if (current === null) {
        if (!BLANK.test(chunk)) return null;
      } else {
        if (chunk.includes('&') || chunk.includes(']]>')) return null;
        current.text += chunk.includes('\r') ? chunk.replace(CR_NEWLINE, '\n') : chunk;
      }
    }
    if (lt === -1) break;
    const next = text.charCodeAt(lt + 1);
    if (next === BANG) {
      // Only comments: `<!DOCTYPE` and `<![CDATA[` are saxes' to read.
      if (!text.startsWith('<!--', lt)) return null;
      const close = text.indexOf('--', lt + 4);
      if (close === -1 || text.charCodeAt(close + 2) !== GT) return null;
      i = close + 3;
      continue;
    }
    if (next === SLASH) {
      if (current === null) return null;
      const nameEnd = lt + 2 + current.name.length;
      if (!text.startsWith(current.name, lt + 2)) return null;
      let j = nameEnd;
      while (isSpace(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) !== GT) return null;
      current.span.end = j + 1;
      stack.pop();
      current = stack.length > 0 ? stack[stack.length - 1]! : null;
      if (current === null) rootClosed = true;
      i = j + 1;
      continue;
    }
    // A start tag.
    if (rootClosed) return null;
    const nameEnd = nameEndAt(text, lt + 1);
    if (nameEnd === -1) return null;
    const element: MutableElement = {
      kind: 'element',
      name: text.slice(lt + 1, nameEnd),
      attributes: [],
      children: [],
      parent: current,
      span: { start: lt, end: 0 },
      startTagSpan: { start: lt, end: 0 },
      selfClosing: false,
      text: '',
    };
    let j = nameEnd;
    for (;;) {
      const spaceStart = j;
      while (isSpace(text.charCodeAt(j))) j++;
      const c = text.charCodeAt(j);
      if (c === GT) {
        j++;
        break;
      }
      if (c === SLASH) {
        if (text.charCodeAt(j + 1) !== GT) return null;
        element.selfClosing = true;
        j += 2;
        break;
      }
      // An attribute, which must follow whitespace.
      if (j === spaceStart) return null;
      const attributeNameEnd = nameEndAt(text, j);
      if (attributeNameEnd === -1) return null;
      const name = text.slice(j, attributeNameEnd);
      let k = attributeNameEnd;
      while (isSpace(text.charCodeAt(k))) k++;
      if (text.charCodeAt(k) !== EQUALS) return null;
      k++;
      while (isSpace(text.charCodeAt(k))) k++;
      const quote = text.charCodeAt(k);
      if (quote !== QUOTE && quote !== APOSTROPHE) return null;
      const close = text.indexOf(quote === QUOTE ? '"' : "'", k + 1);
      if (close === -1) return null;
      const value = text.slice(k + 1, close);
      // saxes turns tabs and newlines into spaces and decodes references; both are rare enough to leave to it.
      if (ATTRIBUTE_VALUE_NEEDS_SAXES.test(value)) return null;
      for (const other of element.attributes) if (other.name === name) return null;
      element.attributes.push({
        kind: 'attribute',
        name,
        value,
        span: { start: j, end: close + 1 },
        valueSpan: { start: k + 1, end: close },
        quote: quote === QUOTE ? '"' : "'",
        element: element as unknown as XmlElement,
      });
      j = close + 1;
    }
    element.startTagSpan.end = j;
    if (current === null) {
      if (root !== null) return null;
      root = element;
    } else current.children.push(element);
    if (element.selfClosing) {
      element.span.end = j;
      if (current === null) rootClosed = true;
    } else {
      stack.push(element);
      current = element;
    }
    i = j;
  }
  if (root === null || stack.length > 0) return null;
  return root as XmlElement;
}


const BANG = 0x21;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const SLASH = 0x2f;
const EQUALS = 0x3d;
const GT = 0x3e;

// Tab, newline and carriage return are the only control characters XML 1.0 allows; U+FFFE and U+FFFF are not characters.
// eslint-disable-next-line no-control-regex
const UNUSUAL_CHARACTER = /[^\t\n\r\x20-\ud7ff\ue000-\ufffd]/;
const BLANK = /^[ \t\r\n]*$/;
const CR_NEWLINE = /\r\n?/g;
const ATTRIBUTE_VALUE_NEEDS_SAXES = /[&<\t\n\r]/;
const XML_DECLARATION = /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.0\1([ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?([ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(yes|no)\5)?[ \t\r\n]*\?>/;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** The end of an ASCII XML name starting at `start`, or -1 when none starts there (or it goes on in non-ASCII). */
function nameEndAt(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (!((first >= 0x61 && first <= 0x7a) || (first >= 0x41 && first <= 0x5a) || first === 0x5f || first === 0x3a)) return -1;
  let i = start + 1;
  for (;;) {
    const c = text.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x3a || c === 0x2d || c === 0x2e) i++;
    else if (c >= 0x80) return -1;
    else return i;
  }
}

/**
 * The tree as plain data (no parent links), for comparing what the two
 * readers made of one text: the differential tests and the fuzzer use it.
 */
export function xmlTreeData(element: XmlElement): unknown {
  return {
    name: element.name,
    span: [element.span.start, element.span.end],
    startTag: [element.startTagSpan.start, element.startTagSpan.end],
    selfClosing: element.selfClosing,
    text: element.text,
    attributes: element.attributes.map((a) => [a.name, a.value, a.span.start, a.span.end, a.valueSpan.start, a.valueSpan.end, a.quote, a.element === element]),
    children: element.children.map((c) => (c.parent === element ? xmlTreeData(c) : 'wrong parent')),
  };
}

/**
 * Where parsePlainXml and saxes disagree on a text, in words, or null when
 * they agree: either parsePlainXml declined it, or both made the same tree.
 */
export function plainXmlDisagreement(text: string, saxesResult: XmlParseResult): string | null {
  const plain = parsePlainXml(text);
  if (plain === null) return null;
  if (!saxesResult.ok) return `the fast reader accepted a text saxes refuses (${saxesResult.error.message} at ${saxesResult.error.offset})`;
  const a = JSON.stringify(xmlTreeData(plain));
  const b = JSON.stringify(xmlTreeData(saxesResult.root));
  if (a === b) return null;
  let at = 0;
  while (a[at] === b[at]) at++;
  return `the two readers made different trees: ...${a.slice(Math.max(0, at - 80), at + 80)}... against ...${b.slice(Math.max(0, at - 80), at + 80)}...`;
}
