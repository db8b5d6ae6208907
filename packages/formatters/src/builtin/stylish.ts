import type { ChalkInstance } from 'chalk';
import type { FileResult } from '../results.js';
import { DEFAULT_WIDTH, wrapWords } from '../wrap.js';

/**
 * ESLint's `stylish` formatter: each file with problems as an underlined
 * path followed by `line:column  severity  message  rule` rows, then a
 * summary. Unlike ESLint, rows are fitted to the terminal width: a long
 * message wraps within its column and the rule id, never split, follows it
 * (on a line of its own when it does not fit), and short rows are not padded
 * to the longest message. Files that were skipped (not libvirt domains) get one dim line.
 * Returns '' when there is nothing to say, so a clean run prints nothing.
 */
export function formatStylish(results: readonly FileResult[], chalk: ChalkInstance, width = DEFAULT_WIDTH): string {
  let output = '';
  const writer = new StylishWriter(chalk, (chunk) => (output += chunk), width);
  for (const result of results) writer.add(result);
  writer.finish();
  return output.endsWith('\n') ? output.slice(0, -1) : output;
}

/**
 * The same output written file by file as results arrive, so a fleet run
 * holds one file's findings at a time rather than every file's. finish()
 * writes the summary and the trailing newline (nothing at all for a clean run).
 */
export class StylishWriter {
  private started = false;
  private errorCount = 0;
  private warningCount = 0;
  private fixableErrorCount = 0;
  private fixableWarningCount = 0;
  private summaryColor: 'red' | 'yellow' = 'yellow';

  constructor(
    private readonly chalk: ChalkInstance,
    private readonly write: (chunk: string) => void,
    /** The terminal width rows are wrapped to (80 for a pipe or a file). */
    private readonly width: number = DEFAULT_WIDTH,
  ) {}

  add(result: FileResult): void {
    const chalk = this.chalk;
    if (result.skipped !== undefined && result.messages.length === 0) {
      this.emit(chalk.dim(`${result.filePath}: skipped (${result.skipped})`) + '\n\n');
      return;
    }
    if (result.messages.length === 0) return;
    this.errorCount += result.errorCount;
    this.warningCount += result.warningCount;
    this.fixableErrorCount += result.fixableErrorCount;
    this.fixableWarningCount += result.fixableWarningCount;

    const rows = result.messages.map((message) => {
      const error = message.fatal === true || message.severity === 2;
      if (error) this.summaryColor = 'red';
      return {
        line: String(message.line || 0),
        column: String(message.column || 0),
        error,
        text: message.message.replace(/([^ ])\.$/u, '$1'),
        ruleId: message.ruleId ?? '',
      };
    });
    const lineWidth = Math.max(...rows.map((r) => r.line.length));
    const columnWidth = Math.max(...rows.map((r) => r.column.length));
    const severityWidth = rows.some((r) => !r.error) ? 'warning'.length : 'error'.length;
    const table = rows
      .map((row) => {
        const position = `${row.line.padStart(lineWidth)}:${row.column}`;
        const severity = row.error ? chalk.red('error') : chalk.yellow('warning');
        const padding = ' '.repeat(severityWidth - (row.error ? 'error' : 'warning').length);
        const lead = `  ${chalk.dim(position)}${' '.repeat(columnWidth - row.column.length)}  ${severity}${padding}  `;
        const leadWidth = 2 + lineWidth + 1 + columnWidth + 2 + severityWidth + 2;
        const indent = ' '.repeat(leadWidth);
        return messageLines(row.text, row.ruleId, this.width - leadWidth)
          .map((part, i) => {
            const text = part.rule ? `${part.text}${part.text ? '  ' : ''}${chalk.dim(part.rule)}` : part.text;
            return ((i === 0 ? lead : indent) + text).replace(/ +$/u, '');
          })
          .join('\n');
      })
      .join('\n');
    this.emit(`${chalk.underline(result.filePath)}\n${table}\n\n`);
  }

  finish(): void {
    const total = this.errorCount + this.warningCount;
    let tail = '';
    if (total > 0) {
      const summary = this.chalk[this.summaryColor].bold;
      tail += summary(
        `\u2716 ${total} ${plural('problem', total)} (${this.errorCount} ${plural('error', this.errorCount)}, ` +
          `${this.warningCount} ${plural('warning', this.warningCount)})\n`,
      );
      if (this.fixableErrorCount > 0 || this.fixableWarningCount > 0) {
        tail += summary(
          `  ${this.fixableErrorCount} ${plural('error', this.fixableErrorCount)} and ` +
            `${this.fixableWarningCount} ${plural('warning', this.fixableWarningCount)} potentially fixable\n`,
        );
      }
    }
    if (tail) this.emit(tail);
    // Reset the colour so a terminal is not left coloured (as ESLint does).
    if (this.started) this.write(`${this.reset()}\n`);
  }

  private emit(chunk: string): void {
    if (!this.started) {
      this.started = true;
      this.write(`${this.resetOpen()}\n`);
    }
    this.write(chunk);
  }

  /** chalk.reset(x) is x between two reset codes (none without colour). */
  private resetOpen(): string {
    return this.chalk.reset('\u0000').split('\u0000')[0];
  }

  private reset(): string {
    return this.chalk.reset('\u0000').split('\u0000')[1] ?? '';
  }
}

function plural(word: string, count: number): string {
  return count === 1 ? word : `${word}s`;
}

/** The smallest message column: narrower than this, wrapping helps less than overflowing. */
const MIN_MESSAGE_WIDTH = 20;

/**
 * A message wrapped to its column, then the rule id: after two spaces on
 * the last line when it fits there, else alone on a continuation line. The
 * id is one unit, never split, so it can still be copied into a config.
 */
function messageLines(text: string, ruleId: string, available: number): { text: string; rule?: string }[] {
  const width = Math.max(available, MIN_MESSAGE_WIDTH);
  const lines: { text: string; rule?: string }[] = text.split('\n').flatMap((paragraph) => wrapWords(paragraph, width).map((line) => ({ text: line })));
  if (ruleId === '') return lines;
  const last = lines[lines.length - 1]!;
  if (last.text === '' || last.text.length + 2 + ruleId.length <= width) last.rule = ruleId;
  else lines.push({ text: '', rule: ruleId });
  return lines;
}
