import type { XmlElement } from '../syntax/xml.js';

/**
 * How a file is laid out, read from the file itself, so what a fix adds
 * looks like what is already there: line endings, indentation, quotes.
 */

/** The file's line ending: CRLF when it has any, CR alone for old Mac files, else LF. */
export function lineEnding(text: string): string {
  if (text.includes('\r\n')) return '\r\n';
  if (text.includes('\r') && !text.includes('\n')) return '\r';
  return '\n';
}

/** The whitespace before `offset` on its line, or null when other text precedes it. */
export function lineIndent(text: string, offset: number): string | null {
  let i = offset;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  if (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') return null;
  return text.slice(i, offset);
}

/** The extra indentation of `inner` over `outer` when inner is nested deeper, else null. */
function deeper(outer: string | null, inner: string | null): string | null {
  return outer !== null && inner !== null && inner.startsWith(outer) && inner.length > outer.length ? inner.slice(outer.length) : null;
}

/**
 * One level of indentation as the file uses it: measured on `element` and
 * its first child, else on its parent, else on any element with children
 * under `scope`; two spaces when nothing tells.
 */
export function indentUnit(text: string, element: XmlElement | null, scope: XmlElement | null): string {
  const candidates: [XmlElement, XmlElement][] = [];
  if (element?.children[0]) candidates.push([element, element.children[0]]);
  if (element?.parent) candidates.push([element.parent, element]);
  for (const c of scope?.children ?? []) if (c.children[0]) candidates.push([c, c.children[0]]);
  if (scope?.parent) candidates.push([scope.parent, scope]);
  for (const [outer, inner] of candidates) {
    const unit = deeper(lineIndent(text, outer.span.start), lineIndent(text, inner.span.start));
    if (unit) return unit;
  }
  return '  ';
}

/** The attribute quote used near `element`: its own, its siblings', its ancestors'; `'` as libvirt writes. */
export function quoteStyle(element: XmlElement | null): '"' | "'" {
  for (let e = element; e; e = e.parent) {
    if (e.attributes[0]) return e.attributes[0].quote;
    const sibling = e.children.find((c) => c.attributes.length > 0);
    if (sibling) return sibling.attributes[0].quote;
  }
  return "'";
}
