import type { FormatName } from './args.js';

/** Fewer files than this finish before a progress line would help. */
export const PROGRESS_MIN_FILES = 50;
/** A terminal redrawn more often than this only burns time. */
const REDRAW_MS = 100;
const CLEAR_LINE = '\r\u001b[K';

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(chunk: string): unknown;
}

/**
 * Whether a run shows a progress line: only a person at a terminal reads it,
 * so stderr must be a TTY, the format must be for people (stylish: a machine
 * format's consumer may merge stderr into what it parses) and the run long.
 */
export function wantsProgress(stderr: ProgressStream, format: FormatName | string, files: number): boolean {
  return format === 'stylish' && files > PROGRESS_MIN_FILES && stderr.isTTY === true;
}

/**
 * "pcilint: 1200/5000 files" on stderr, rewritten in place with a carriage
 * return. Anything else written to the terminal must first call hide(), or it
 * would be written over the line; the next update() draws the line again.
 */
export class ProgressLine {
  private shown = false;
  private drawnAt = -Infinity;

  constructor(
    private readonly stream: ProgressStream,
    private readonly total: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  update(done: number): void {
    const at = this.now();
    // The first and last counts are always drawn; in between at most one frame per REDRAW_MS.
    if (this.shown && done < this.total && at - this.drawnAt < REDRAW_MS) return;
    const percent = Math.floor((done * 100) / this.total);
    this.stream.write(`${CLEAR_LINE}pcilint: ${done}/${this.total} files (${percent}%)`);
    this.shown = true;
    this.drawnAt = at;
  }

  /** Erases the line (before other output, and at the end of the run). */
  hide(): void {
    if (!this.shown) return;
    this.stream.write(CLEAR_LINE);
    this.shown = false;
  }
}
