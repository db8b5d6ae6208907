/**
 * Greedy word wrapping for the text formatters. Breaks only at spaces, so an
 * identifier (a rule id, a PCI address, `multifunction=on`) is never split;
 * a single word wider than the column is left whole on its own line rather
 * than cut, since a cut id cannot be searched for or copied.
 */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/u)) {
    if (word === '') continue;
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * The width text output is laid out for: the terminal's (Node sets
 * `columns` only on a TTY), or 80 when stdout is a pipe or a file.
 */
export function outputWidth(stream: { readonly columns?: number }): number {
  const columns = stream.columns;
  // Below 40 columns nothing fits anyway; lay out for 40 and let the terminal wrap.
  return typeof columns === 'number' && Number.isFinite(columns) && columns > 0 ? Math.max(40, Math.floor(columns)) : DEFAULT_WIDTH;
}

export const DEFAULT_WIDTH = 80;
