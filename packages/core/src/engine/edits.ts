import type { XmlElement } from '../syntax/xml.js';
import type { Fix } from './rule.js';

/**
 * Delete an element. When it sits alone on its line, the whole line goes
 * (from the end of the previous line to the end of the element), so no blank
 * line is left; otherwise only the blanks before it go. One place for every
 * pack's fixes, so they all leave the file in the same shape.
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
    // Take the preceding line break (\n or \r\n) and any trailing blanks.
    start--;
    if (sourceText[start] === '\n' && start > 0 && sourceText[start - 1] === '\r') start--;
    end = lineEnd;
  }
  return { range: [start, end], text: '' };
}
