import type { Fix, XmlElement } from '@pcilint/core';

/**
 * Delete an element. When it sits alone on its line, the whole line goes
 * (from the end of the previous line to the end of the element), so no blank
 * line is left; otherwise only the blanks before it go. The common pack has
 * the same edit in its own util; packs do not import each other.
 */
export function removeElementFix(sourceText: string, element: XmlElement): Fix {
  let start = element.span.start;
  while (start > 0 && (sourceText[start - 1] === ' ' || sourceText[start - 1] === '\t')) start--;
  let end = element.span.end;
  let lineEnd = end;
  while (lineEnd < sourceText.length && (sourceText[lineEnd] === ' ' || sourceText[lineEnd] === '\t')) lineEnd++;
  const aloneOnLine =
    (start === 0 || sourceText[start - 1] === '\n' || sourceText[start - 1] === '\r') &&
    (lineEnd === sourceText.length || sourceText[lineEnd] === '\n' || sourceText[lineEnd] === '\r');
  if (aloneOnLine && start > 0) {
    start--;
    if (sourceText[start] === '\n' && start > 0 && sourceText[start - 1] === '\r') start--;
    end = lineEnd;
  }
  return { range: [start, end], text: '' };
}
