import { LINT_STAGES, type LintTimings } from '@pcilint/core';

/**
 * `--stats` after a report: ESLint's TIMING tables (a markdown table with the
 * time in ms and the share), one for the stages and one for the rules,
 * slowest rule first. A rule's share is of the rules stage.
 */
export function formatStatsTables(timings: LintTimings, files: number): string {
  const total = LINT_STAGES.reduce((sum, stage) => sum + timings.stages[stage], 0);
  const stageRows = [...LINT_STAGES.map((stage) => [stage, timings.stages[stage]] as const), ['total', total] as const];
  const ruleRows = Object.entries(timings.rules).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const parts = [
    `Timing of ${files} linted file${files === 1 ? '' : 's'}:\n`,
    table('Stage', stageRows, total),
  ];
  if (ruleRows.length > 0) parts.push(table('Rule', ruleRows, timings.stages.rules));
  return parts.join('\n');
}

/** The `stats` field of a json result: milliseconds per stage and per rule, and their total. */
export function jsonStats(timings: LintTimings): { times: { total: number; stages: LintTimings['stages']; rules: LintTimings['rules'] } } {
  const total = LINT_STAGES.reduce((sum, stage) => sum + timings.stages[stage], 0);
  return { times: { total, stages: timings.stages, rules: timings.rules } };
}

function table(title: string, rows: readonly (readonly [string, number])[], whole: number): string {
  const cells = rows.map(([name, ms]) => [name, ms.toFixed(3), `${(whole > 0 ? (ms * 100) / whole : 0).toFixed(1)}%`]);
  const header = [title, 'Time (ms)', 'Relative'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: readonly string[]) => `${c[0].padEnd(widths[0])} | ${c[1].padStart(widths[1])} | ${c[2].padStart(widths[2])}`;
  const rule = `:${'-'.repeat(widths[0])}|${'-'.repeat(widths[1] + 1)}:|${'-'.repeat(widths[2])}:`;
  return [line(header), rule, ...cells.map(line)].join('\n') + '\n';
}
