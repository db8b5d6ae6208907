import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ResolvedConfig, Rule, RulePack } from '@pcilint/core';
import type { FormatName } from './args.js';
import { CliError, errorMessage } from './errors.js';

/** What `pcilint explain RULE` prints about one rule, in either format. */
export interface RuleExplanation {
  readonly id: string;
  readonly pack: string;
  readonly type: string;
  readonly description: string;
  readonly defaultSeverity: string;
  /** The severity under the configuration in effect (configuration files and --rule). */
  readonly severity: string;
  readonly fixable: boolean;
  readonly hotplugPolicy: boolean;
  /** JSON Schema of the options, or null when the rule takes none. */
  readonly schema: unknown;
  readonly url: string;
  /** The rule's docs page (Markdown), read from the installed pack; null when it ships none. */
  readonly page: string | null;
}

/** Finds each rule among the loaded packs and gathers its meta and page. */
export function explainRules(resolved: ResolvedConfig, ids: readonly string[]): RuleExplanation[] {
  if (ids.length === 0) throw new CliError('explain needs a rule id, e.g. pcilint explain common/address-conflict', { usageHint: true });
  return ids.map((id) => {
    const found = findRule(resolved.packs, id);
    if (!found) throw new CliError(`unknown rule "${id}"${suggestion(resolved.packs, id)}; pcilint --list-rules lists the loaded rules`);
    const { rule, pack } = found;
    // A pack written without definePack may leave the url out.
    const url = rule.meta.docs.url ?? '';
    return {
      id,
      pack: pack.name,
      type: rule.meta.type,
      description: rule.meta.docs.description,
      defaultSeverity: rule.meta.defaultSeverity,
      severity: String(resolved.ruleSettings[id]?.[0] ?? 'off'),
      fixable: rule.meta.fixable === true,
      hotplugPolicy: rule.meta.hotplugPolicy === true,
      schema: hasOptions(rule.meta.schema) ? rule.meta.schema : null,
      url,
      page: readPage(url),
    };
  });
}

export function formatExplanations(explanations: readonly RuleExplanation[], format: FormatName): string {
  if (format === 'json') return JSON.stringify(explanations.length === 1 ? explanations[0] : explanations, null, 2);
  return explanations.map(formatOne).join('\n\n');
}

function formatOne(e: RuleExplanation): string {
  const yesNo = (b: boolean) => (b ? 'yes' : 'no');
  const fields: [string, string][] = [
    ['pack', e.pack],
    ['type', e.type],
    ['default severity', e.defaultSeverity],
    ['configured', e.severity],
    ['fixable', yesNo(e.fixable)],
    ['hotplug policy', yesNo(e.hotplugPolicy)],
    ['options', e.schema === null ? 'none' : 'JSON Schema below'],
    ['page', e.url === '' ? '(none)' : e.url],
  ];
  const width = Math.max(...fields.map(([name]) => name.length));
  const lines = [e.id, e.description, '', ...fields.map(([name, value]) => `${name.padEnd(width)}  ${value}`)];
  if (e.schema !== null) lines.push('', 'Options schema:', JSON.stringify(e.schema, null, 2));
  lines.push('');
  if (e.page !== null) lines.push(e.page.trimEnd());
  else if (e.url.startsWith('file:') || e.url === '') lines.push('This rule ships no docs page.');
  // No network: a page elsewhere is only named (above), never fetched.
  else lines.push(`The docs page is not part of the installed pack; read it at ${e.url}`);
  return lines.join('\n');
}

function findRule(packs: readonly RulePack[], id: string): { rule: Rule; pack: RulePack } | undefined {
  for (const pack of packs) {
    const rule = pack.rules.find((r) => r.meta.id === id);
    if (rule) return { rule, pack };
  }
  return undefined;
}

/** "did you mean": the same rule name in another pack, or an id a typo away. */
function suggestion(packs: readonly RulePack[], id: string): string {
  const ids = packs.flatMap((p) => p.rules.map((r) => r.meta.id));
  const name = id.slice(id.indexOf('/') + 1);
  const close = ids.filter((known) => known.endsWith(`/${name}`) || editDistance(known, id) <= 2);
  return close.length > 0 ? ` (did you mean ${close.map((c) => `"${c}"`).join(' or ')}?)` : '';
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}

function hasOptions(schema: unknown): boolean {
  if (schema === undefined || schema === null) return false;
  return !(Array.isArray(schema) && schema.length === 0);
}

/** The page when it is a file shipped with the pack; pages elsewhere are not fetched. */
function readPage(url: string): string | null {
  if (!url.startsWith('file:')) return null;
  try {
    return readFileSync(fileURLToPath(url), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CliError(`cannot read the docs page ${url}: ${errorMessage(error)}`, { cause: error });
  }
}
