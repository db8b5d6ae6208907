/**
 * The one edit type of pcilint: replace the source text in [start, end) with
 * `text`. Every fix is a list of these, computed against the text the rule
 * saw, never a re-serialised document, so bytes nobody meant to change stay.
 */
export interface Edit {
  readonly range: readonly [number, number];
  readonly text: string;
}

/**
 * Several edits of one report merged into a single edit (as ESLint's
 * mergeFixes): the text between them is copied from the source. Throws on
 * overlapping edits, which would be a bug in the rule that produced them.
 */
export function mergeEdits(sourceText: string, edits: readonly Edit[]): Edit | null {
  if (edits.length === 0) return null;
  if (edits.length === 1) return edits[0];
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  let text = '';
  let last = sorted[0].range[0];
  for (const edit of sorted) {
    if (edit.range[0] < last) throw new Error(`overlapping edits in one fix at offset ${edit.range[0]}`);
    text += sourceText.slice(last, edit.range[0]) + edit.text;
    last = edit.range[1];
  }
  return { range: [sorted[0].range[0], last], text };
}

export interface AppliedEdits {
  readonly output: string;
  /** Indexes (into the input array) of the edits that were applied. */
  readonly applied: readonly number[];
  /** Indexes of edits left for the next pass because they overlap or touch an applied one. */
  readonly deferred: readonly number[];
}

/**
 * Applies the edits that neither overlap nor touch one another, in source
 * order (ESLint's rule: an edit starting at or before the end of the last
 * applied one waits). A deferred edit is recomputed against the new text in
 * the next pass, so two insertions at one offset never get an order nobody
 * chose.
 */
export function applyEdits(sourceText: string, edits: readonly Edit[]): AppliedEdits {
  const order = edits.map((_, i) => i).sort((a, b) => edits[a].range[0] - edits[b].range[0] || edits[a].range[1] - edits[b].range[1] || a - b);
  const applied: number[] = [];
  const deferred: number[] = [];
  let output = '';
  let lastEnd = -1;
  let cursor = 0;
  for (const i of order) {
    const [start, end] = edits[i].range;
    if (start < 0 || end > sourceText.length || start > end) throw new Error(`edit range [${start}, ${end}) is outside the text`);
    if (start <= lastEnd) {
      deferred.push(i);
      continue;
    }
    output += sourceText.slice(cursor, start) + edits[i].text;
    cursor = end;
    lastEnd = end;
    applied.push(i);
  }
  output += sourceText.slice(cursor);
  return { output, applied: applied.sort((a, b) => a - b), deferred: deferred.sort((a, b) => a - b) };
}
