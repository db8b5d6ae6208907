import type { RuleMeta, RulePack } from '@pcilint/core';

/**
 * What a formatter is given beside the results: ESLint's formatter context
 * (`cwd`, `rulesMeta`, `maxWarningsExceeded`), so ESLint formatters that
 * read it (links to rule docs, summaries) work unchanged, plus pcilint's
 * own fields, which ESLint formatters ignore.
 */
export interface FormatterContext {
  /** The working directory: ESLint formatters print paths relative to it. */
  readonly cwd: string;
  /** Every loaded rule's meta, by rule id (type, docs.description, docs.url, defaultSeverity, fixable). */
  readonly rulesMeta: Readonly<Record<string, RuleMeta>>;
  /** Set when --max-warnings was exceeded, as ESLint does. */
  readonly maxWarningsExceeded?: { readonly maxWarnings: number; readonly foundWarnings: number };
  /**
   * The repository root, absolute (pcilint: SARIF's %SRCROOT%, GitHub and
   * GitLab paths are relative to it); defaults to `cwd`.
   */
  readonly srcRoot?: string;
  /** Whether the report is coloured, as ESLint 10 tells formatters (--color, --no-color, the terminal). */
  readonly color?: boolean;
  /** pcilint: chalk's colour level for formats that colour (0: none); `color` is `colorLevel > 0`. */
  readonly colorLevel?: 0 | 1 | 2 | 3;
  /** pcilint: the version of the tool, for SARIF's tool.driver.version. */
  readonly toolVersion?: string;
  /** pcilint: the width text formats lay out for (the terminal's, 80 for a pipe or a file). */
  readonly columns?: number;
}

/** rulesMeta for a set of packs: each rule's meta by id, ids sorted so outputs are stable. */
export function rulesMetaOf(packs: Iterable<RulePack>): Record<string, RuleMeta> {
  const metas = new Map<string, RuleMeta>();
  for (const pack of packs) for (const rule of pack.rules) metas.set(rule.meta.id, rule.meta);
  return Object.fromEntries([...metas].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
