import type { FormatterContext } from '../context.js';
import type { FormatterResult } from '../formatter-results.js';

/**
 * ESLint's `json-with-metadata`: `{"results": [...], "metadata": {cwd, rulesMeta}}`,
 * the results as `json` prints them plus each message's nodePath.
 * maxWarningsExceeded is included when set, as ESLint does.
 */
export function formatJsonWithMetadata(results: readonly FormatterResult[], context: FormatterContext): string {
  const metadata = {
    cwd: context.cwd,
    ...(context.maxWarningsExceeded ? { maxWarningsExceeded: context.maxWarningsExceeded } : {}),
    rulesMeta: context.rulesMeta,
  };
  return JSON.stringify({ results, metadata });
}
