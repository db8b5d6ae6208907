import type { Span } from './source.js';
import { saxes } from './saxes-module.js';

/** One comment of a source file: where it is and what it says (without its delimiters). */
export interface SourceComment {
  /** The whole comment, delimiters included (`<!--`..`-->`, or `#` to the end of the line). */
  readonly span: Span;
  /** The text between the delimiters, untrimmed. */
  readonly body: string;
}

/**
 * The comments of an XML document, in document order. The same parser as
 * parseXml reads them, so a `<!--` inside CDATA or a processing instruction
 * is never mistaken for a comment. Only called on documents that parsed.
 */
export function xmlComments(text: string): SourceComment[] {
  const parser = new (saxes().SaxesParser)({ position: true });
  const comments: SourceComment[] = [];
  parser.on('comment', () => {
    // saxes reports the comment at (or just before) the `>` of its `-->`. A
    // comment cannot contain `--`, so the last `<!--` before that is its start.
    // The body is sliced from the source: saxes normalizes CRLF in what it hands over.
    const end = text.indexOf('-->', Math.max(0, parser.position - 3)) + 3;
    const start = text.lastIndexOf('<!--', end - 7);
    comments.push({ span: { start, end }, body: text.slice(start + 4, end - 3) });
  });
  parser.on('error', (err) => {
    throw err;
  });
  try {
    parser.write(text).close();
  } catch {
    // A document that does not parse has no directives worth applying; keep what was read.
  }
  return comments;
}
