import { stripVTControlCharacters } from 'node:util';
import type { ChalkInstance } from 'chalk';
import type { FileResult } from '../results.js';

/**
 * ESLint's `stylish` formatter: each file with problems as an underlined
 * path followed by aligned `line:column  severity  message  rule` rows, then
 * a summary. Files that were skipped (not libvirt domains) get one dim line.
 * Returns '' when there is nothing to say, so a clean run prints nothing.
 */
export function formatStylish(results: readonly FileResult[], chalk: ChalkInstance): string {
  let output = '';
  const writer = new StylishWriter(chalk, (chunk) => (output += chunk));
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
      let type: string;
      if (message.fatal || message.severity === 2) {
        type = chalk.red('error');
        this.summaryColor = 'red';
      } else {
        type = chalk.yellow('warning');
      }
      return [
        '',
        String(message.line || 0),
        String(message.column || 0),
        type,
        message.message.replace(/([^ ])\.$/u, '$1'),
        chalk.dim(message.ruleId ?? ''),
      ];
    });
    const table = textTable(rows, ['l', 'r', 'l', 'l', 'l', 'l'])
      .split('\n')
      .map((row) => row.replace(/(\d+)\s+(\d+)/u, (_whole, line: string, column: string) => chalk.dim(`${line}:${column}`)))
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

/** The `text-table` layout ESLint uses: columns joined by two spaces, trailing blanks trimmed. */
function textTable(rows: readonly string[][], align: readonly ('l' | 'r')[]): string {
  const width = (s: string) => stripVTControlCharacters(s).length;
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, width(cell))));
  return rows
    .map((row) =>
      row
        .map((cell, i) => {
          const pad = ' '.repeat((widths[i] ?? 0) - width(cell));
          return align[i] === 'r' ? pad + cell : cell + pad;
        })
        .join('  ')
        // trimEnd, not /\s+$/: the regex retries every run of padding and goes quadratic on a long row.
        .trimEnd(),
    )
    .join('\n');
}
