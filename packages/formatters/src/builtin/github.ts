import type { FormatterContext } from '../context.js';
import type { FormatterMessage, FormatterResult } from '../formatter-results.js';
import { repoRelativePath } from '../paths.js';

/**
 * GitHub Actions workflow commands, one line per message:
 * `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`
 * (`::warning` for warnings), escaped as GitHub's toolkit does: `%`, CR and
 * LF in the message; also `:` and `,` in property values. Paths are relative
 * to the repository root, where GitHub looks for them.
 */
export function formatGithub(results: readonly FormatterResult[], context: FormatterContext): string {
  const lines: string[] = [];
  for (const result of results) {
    const file = repoRelativePath(result.filePath, context);
    for (const message of result.messages) lines.push(workflowCommand(file, message));
  }
  return lines.join('\n');
}

function workflowCommand(file: string, message: FormatterMessage): string {
  const command = message.fatal || message.severity === 2 ? 'error' : 'warning';
  const properties: [string, string | number | undefined][] = [
    ['file', file],
    ['line', message.line || undefined],
    ['col', message.column || undefined],
    ['endLine', message.endLine || undefined],
    ['endColumn', message.endColumn || undefined],
    ['title', message.ruleId ?? 'pcilint'],
  ];
  const written = properties.filter(([, value]) => value !== undefined).map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
  return `::${command} ${written.join(',')}::${escapeData(message.message)}`;
}

/** actions/toolkit core/command.ts escapeData. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** actions/toolkit core/command.ts escapeProperty. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Rows of the step summary table before it says "and N more" (a summary may hold 1 MiB). */
const SUMMARY_ROWS = 500;

/**
 * The Markdown appended to $GITHUB_STEP_SUMMARY: GitHub shows only the
 * first 10 error and 10 warning annotations of a step, so the summary
 * counts everything and lists the findings (the first 500) with links to
 * the rules' documentation. Returned, not written: the CLI appends it.
 */
export function githubStepSummary(results: readonly FormatterResult[], context: FormatterContext): string {
  let errors = 0;
  let warnings = 0;
  let withProblems = 0;
  const rows: string[] = [];
  for (const result of results) {
    if (result.messages.length > 0) withProblems++;
    const file = repoRelativePath(result.filePath, context);
    for (const message of result.messages) {
      const isError = message.fatal || message.severity === 2;
      if (isError) errors++;
      else warnings++;
      const url = message.ruleId ? context.rulesMeta[message.ruleId]?.docs.url : undefined;
      const rule = message.ruleId ? (url ? `[${cell(message.ruleId)}](${url})` : cell(message.ruleId)) : '';
      rows.push(`| ${cell(file)} | ${message.line || 0}:${message.column || 0} | ${isError ? 'error' : 'warning'} | ${rule} | ${cell(message.message)} |`);
    }
  }
  const total = errors + warnings;
  const files = `${results.length} ${plural('file', results.length)}`;
  let text = '## pcilint\n\n';
  if (total === 0) return `${text}No problems in ${files}.\n`;
  text += `**${total} ${plural('problem', total)}** (${errors} ${plural('error', errors)}, ${warnings} ${plural('warning', warnings)}) in ${withProblems} of ${files}.\n\n`;
  if (errors > 10 || warnings > 10) text += 'GitHub shows only the first 10 errors and 10 warnings of a step as annotations; all are listed here.\n\n';
  text += '| File | Line | Severity | Rule | Message |\n| --- | --- | --- | --- | --- |\n';
  text += rows.slice(0, SUMMARY_ROWS).map((row) => `${row}\n`).join('');
  if (rows.length > SUMMARY_ROWS) text += `\n… and ${rows.length - SUMMARY_ROWS} more.\n`;
  return text;
}

/** A Markdown table cell: no pipes or line breaks, no HTML. */
function cell(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function plural(word: string, count: number): string {
  return count === 1 ? word : `${word}s`;
}
