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
  let output = '\n';
  let errorCount = 0;
  let warningCount = 0;
  let fixableErrorCount = 0;
  let fixableWarningCount = 0;
  let skippedCount = 0;
  let summaryColor: 'red' | 'yellow' = 'yellow';

  for (const result of results) {
    if (result.skipped !== undefined && result.messages.length === 0) {
      output += chalk.dim(`${result.filePath}: skipped (${result.skipped})`) + '\n\n';
      skippedCount++;
      continue;
    }
    if (result.messages.length === 0) continue;
    errorCount += result.errorCount;
    warningCount += result.warningCount;
    fixableErrorCount += result.fixableErrorCount;
    fixableWarningCount += result.fixableWarningCount;

    const rows = result.messages.map((message) => {
      let type: string;
      if (message.fatal || message.severity === 2) {
        type = chalk.red('error');
        summaryColor = 'red';
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
    output += `${chalk.underline(result.filePath)}\n${table}\n\n`;
  }

  const total = errorCount + warningCount;
  if (total > 0) {
    const summary = chalk[summaryColor].bold;
    output += summary(
      `\u2716 ${total} ${plural('problem', total)} (${errorCount} ${plural('error', errorCount)}, ` +
        `${warningCount} ${plural('warning', warningCount)})\n`,
    );
    if (fixableErrorCount > 0 || fixableWarningCount > 0) {
      output += summary(
        `  ${fixableErrorCount} ${plural('error', fixableErrorCount)} and ` +
          `${fixableWarningCount} ${plural('warning', fixableWarningCount)} potentially fixable\n`,
      );
    }
  }
  // Reset the colour so a terminal is not left coloured (as ESLint does).
  return total > 0 || skippedCount > 0 ? chalk.reset(output) : '';
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
        .replace(/\s+$/, ''),
    )
    .join('\n');
}
