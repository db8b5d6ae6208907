import type { SourceLanguage } from '../frontends/graph-from-text.js';
import { shellLayout } from '../syntax/command-line.js';
import { xmlComments, type SourceComment } from '../syntax/comments.js';
import type { LineIndex, Span } from '../syntax/source.js';
import type { XmlElement } from '../syntax/xml.js';
import { parseDirective, type ParsedDirective } from './directives.js';

/** A directive of one file, with where it is and, for the line kinds, which lines it covers. */
export interface FileDirective extends ParsedDirective {
  /** The comment that holds it. */
  readonly comment: Span;
  /** disable-line and disable-next-line: the lines covered, inclusive (1-based). */
  readonly lines?: { readonly from: number; readonly to: number };
}

/**
 * The directives of a file, in source order. Where a line directive applies
 * (docs/suppressions.md, "Scope"):
 *
 * - XML, disable-next-line: the line after the comment, and the whole of
 *   every element whose start tag begins on that line (a directive above
 *   `<controller>` covers its `<address>` child too).
 * - XML, disable-line: the comment's line.
 * - Shell, both: the whole command line, continuation lines included, since
 *   a comment cannot sit inside a command continued with `\` (it would end
 *   the command there).
 */
export function fileDirectives(text: string, language: SourceLanguage, lines: LineIndex, root: XmlElement | null): FileDirective[] {
  // Most files have no directive: never scan their comments.
  if (!text.includes('pcilint-')) return [];
  const scope = language === 'libvirt-xml' ? xmlScope(lines, root) : shellScope(text, lines);
  const directives: FileDirective[] = [];
  for (const comment of scope.comments) {
    const parsed = parseDirective(comment.body);
    if (!parsed) continue;
    const covered = parsed.kind === 'disable-line' || parsed.kind === 'disable-next-line' ? scope.linesOf(parsed, comment.span) : null;
    directives.push({ ...parsed, comment: comment.span, ...(covered ? { lines: covered.lines } : {}), problems: [...parsed.problems, ...(covered?.problem ? [covered.problem] : [])] });
  }
  return directives;
}

interface Scope {
  readonly comments: readonly SourceComment[];
  linesOf(directive: ParsedDirective, comment: Span): { lines: { from: number; to: number }; problem?: string };
}

function xmlScope(lines: LineIndex, root: XmlElement | null): Scope {
  let lastLineOfElementsStartingOn: Map<number, number> | undefined;
  const elementEnds = () => {
    if (lastLineOfElementsStartingOn) return lastLineOfElementsStartingOn;
    const ends = new Map<number, number>();
    const visit = (element: XmlElement) => {
      const start = lines.positionAt(element.startTagSpan.start).line;
      const end = lines.positionAt(element.span.end).line;
      ends.set(start, Math.max(ends.get(start) ?? start, end));
      for (const child of element.children) visit(child);
    };
    if (root) visit(root);
    return (lastLineOfElementsStartingOn = ends);
  };
  return {
    comments: xmlComments(lines.text),
    linesOf(directive, comment) {
      const first = lines.positionAt(comment.start).line;
      const last = lines.positionAt(comment.end).line;
      if (directive.kind === 'disable-line') {
        const problem = first === last ? undefined : 'pcilint-disable-line must not span several lines; it covers the line where the comment starts';
        return { lines: { from: first, to: first }, ...(problem ? { problem } : {}) };
      }
      const next = last + 1;
      return { lines: { from: next, to: elementEnds().get(next) ?? next } };
    },
  };
}

function shellScope(text: string, lines: LineIndex): Scope {
  const layout = shellLayout(text);
  const commandLines = layout.commandLines.map((span) => ({ from: lines.positionAt(span.start).line, to: lines.positionAt(span.end).line }));
  return {
    comments: layout.comments,
    linesOf(directive, comment) {
      const line = lines.positionAt(comment.start).line;
      const target = directive.kind === 'disable-line' ? line : line + 1;
      const command = commandLines.find((c) => (directive.kind === 'disable-line' ? c.from <= target && target <= c.to : c.from === target));
      return { lines: command ?? { from: target, to: target } };
    },
  };
}
