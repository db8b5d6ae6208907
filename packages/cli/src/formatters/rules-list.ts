import { maxOf, type ResolvedConfig } from '@pcilint/core';
import type { FormatName } from '../args.js';
import { DEFAULT_WIDTH, wrapWords } from '@pcilint/formatters';

interface RuleRow {
  readonly id: string;
  readonly pack: string;
  readonly type: string;
  readonly defaultSeverity: string;
  /** The severity under the configuration in effect (config file and --rule). */
  readonly severity: string;
  readonly fixable: boolean;
  readonly description: string;
  /** Why the rule exists, with libvirt's and QEMU's own words (meta.docs.rationale), when the rule has one. */
  readonly rationale?: string;
  readonly url: string;
}

/**
 * --list-rules: every rule of every loaded pack, as JSON or as a plain
 * table fitted to `width` (the terminal's): descriptions wrap within their
 * column, or go under their rule when the terminal is too narrow for one.
 * Rule ids are never split.
 */
export function formatRuleList(resolved: ResolvedConfig, format: FormatName, width = DEFAULT_WIDTH): string {
  const rows: RuleRow[] = resolved.packs.flatMap((pack) =>
    pack.rules.map((rule) => ({
      id: rule.meta.id,
      pack: pack.name,
      type: rule.meta.type,
      defaultSeverity: rule.meta.defaultSeverity,
      severity: String(resolved.ruleSettings[rule.meta.id]?.[0] ?? 'off'),
      fixable: rule.meta.fixable === true,
      description: rule.meta.docs.description,
      rationale: rule.meta.docs.rationale,
      url: rule.meta.docs.url,
    })),
  );
  if (format === 'json') return JSON.stringify(rows, null, 2);
  if (rows.length === 0) return 'No rules are loaded.';
  // Each rule's page ships with its pack; say how to read it (no URL to a web page).
  return `${ruleTable(rows, width)}\n\npcilint explain <rule-id> prints a rule's options and docs page.`;
}

function ruleTable(rows: readonly RuleRow[], width: number): string {
  const full = [
    ['RULE', 'PACK', 'DEFAULT', 'CONFIGURED', 'FIXABLE'],
    ...rows.map((r) => [r.id, r.pack, r.defaultSeverity, r.severity, r.fixable ? 'yes' : 'no']),
  ];
  const widthsOf = (table: readonly string[][]) => table[0]!.map((_, i) => maxOf(table.map((row) => row[i]!.length), 0));
  const rowWidth = (widths: readonly number[]) => widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1);
  // PACK repeats the rule id's prefix: it is the column to give up when the terminal is narrow.
  const table = rowWidth(widthsOf(full)) <= width ? full : full.map(([id, , ...rest]) => [id!, ...rest]);
  const widths = widthsOf(table);
  const fixed = (row: readonly string[]) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  const fixedWidth = rowWidth(widths) + 2;
  const descriptions = ['DESCRIPTION', ...rows.map((r) => r.description)];
  if (width - fixedWidth >= MIN_DESCRIPTION_WIDTH) {
    // Wide enough: the description is the last column, wrapped within it.
    const indent = ' '.repeat(fixedWidth);
    return table
      .map((row, i) => wrapWords(descriptions[i]!, width - fixedWidth).map((line, j) => (j === 0 ? `${fixed(row)}  ${line}` : indent + line).trimEnd()).join('\n'))
      .join('\n');
  }
  // Too narrow for a description column: each description goes under its rule, indented.
  return table
    .map((row, i) => {
      const head = fixed(row).trimEnd();
      if (i === 0) return head;
      return [head, ...wrapWords(descriptions[i]!, width - DESCRIPTION_INDENT.length).map((line) => DESCRIPTION_INDENT + line)].join('\n');
    })
    .join('\n');
}

/** A description column narrower than this reads worse than descriptions under their rules. */
const MIN_DESCRIPTION_WIDTH = 30;
const DESCRIPTION_INDENT = '    ';
