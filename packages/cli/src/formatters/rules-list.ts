import type { ResolvedConfig } from '@pcilint/core';
import type { FormatName } from '../args.js';

interface RuleRow {
  readonly id: string;
  readonly pack: string;
  readonly type: string;
  readonly defaultSeverity: string;
  /** The severity under the configuration in effect (config file and --rule). */
  readonly severity: string;
  readonly fixable: boolean;
  readonly description: string;
  readonly url: string;
}

/** --list-rules: every rule of every loaded pack, as a plain table or JSON. */
export function formatRuleList(resolved: ResolvedConfig, format: FormatName): string {
  const rows: RuleRow[] = resolved.packs.flatMap((pack) =>
    pack.rules.map((rule) => ({
      id: rule.meta.id,
      pack: pack.name,
      type: rule.meta.type,
      defaultSeverity: rule.meta.defaultSeverity,
      severity: String(resolved.ruleSettings[rule.meta.id]?.[0] ?? 'off'),
      fixable: rule.meta.fixable === true,
      description: rule.meta.docs.description,
      url: rule.meta.docs.url,
    })),
  );
  if (format === 'json') return JSON.stringify(rows, null, 2);
  if (rows.length === 0) return 'No rules are loaded.';
  const table = [
    ['RULE', 'PACK', 'DEFAULT', 'CONFIGURED', 'FIXABLE', 'DESCRIPTION'],
    ...rows.map((r) => [r.id, r.pack, r.defaultSeverity, r.severity, r.fixable ? 'yes' : 'no', r.description]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  const lines = table.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
  // Each rule's page ships with its pack; say how to read it (no URL to a web page).
  return [...lines, '', 'pcilint explain <rule-id> prints a rule\'s options and docs page.'].join('\n');
}
