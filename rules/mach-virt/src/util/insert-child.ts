import type { Fix, XmlElement } from '@pcilint/core';

/**
 * A fix that appends `<childName attrs/>` as the last child of `element`,
 * written in the file's own style: its line endings, its attribute quote,
 * and one indentation level deeper than the element (measured from the
 * element's existing children, else from the element's own nesting).
 * A self-closing element is opened and closed around the new child.
 *
 * Core has no element-level edit helper (only insertControllersEdit for
 * whole controllers); this one would belong next to it in ir/queries.ts.
 */
export function appendChildElement(
  sourceText: string,
  element: XmlElement,
  childName: string,
  attrs: readonly (readonly [string, string])[],
): Fix {
  const eol = sourceText.includes('\r\n') ? '\r\n' : sourceText.includes('\r') && !sourceText.includes('\n') ? '\r' : '\n';
  const quote = element.attributes[0]?.quote ?? "'";
  const tag = `<${childName}${attrs.map(([n, v]) => ` ${n}=${quote}${v}${quote}`).join('')}/>`;
  const ownIndent = lineIndent(sourceText, element.span.start);
  const childIndent = childIndentOf(sourceText, element, ownIndent);

  if (element.selfClosing) {
    // `<input type='keyboard' bus='virtio'/>`: replace the `/>` (and blanks before it).
    const end = element.startTagSpan.end;
    let slash = end - 2;
    while (slash > element.startTagSpan.start && /\s/.test(sourceText[slash - 1])) slash--;
    if (ownIndent === null) return { range: [slash, end], text: `>${tag}</${element.name}>` };
    return { range: [slash, end], text: `>${eol}${childIndent}${tag}${eol}${ownIndent}</${element.name}>` };
  }

  const close = sourceText.lastIndexOf('</', element.span.end - 1);
  const closeIndent = lineIndent(sourceText, close);
  if (closeIndent !== null && ownIndent !== null) {
    // The end tag starts its own line: insert a whole line before it.
    const lineStart = close - closeIndent.length;
    return { range: [lineStart, lineStart], text: `${childIndent}${tag}${eol}` };
  }
  if (ownIndent === null) return { range: [close, close], text: tag };
  return { range: [close, close], text: `${eol}${childIndent}${tag}${eol}${ownIndent}` };
}

/** The whitespace before `offset` on its line, or null when other text precedes it. */
function lineIndent(text: string, offset: number): string | null {
  let i = offset;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  if (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') return null;
  return text.slice(i, offset);
}

/** Indentation for a new child: an existing child's, else the element's plus one level of the file's unit. */
function childIndentOf(text: string, element: XmlElement, ownIndent: string | null): string {
  for (const c of element.children) {
    const indent = lineIndent(text, c.span.start);
    if (indent !== null) return indent;
  }
  const own = ownIndent ?? '';
  const parentIndent = element.parent ? lineIndent(text, element.parent.span.start) : null;
  const unit = parentIndent !== null && own.startsWith(parentIndent) && own.length > parentIndent.length ? own.slice(parentIndent.length) : '  ';
  return own + unit;
}
