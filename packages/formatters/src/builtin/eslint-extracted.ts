import checkstyleModule from 'eslint-formatter-checkstyle';
import compactModule from 'eslint-formatter-compact';
import unixModule from 'eslint-formatter-unix';
import type { FormatterResult } from '../formatter-results.js';

/**
 * ESLint's own compact, unix and checkstyle formatters, extracted from
 * ESLint 9 into packages of their own: pcilint results have ESLint's shape,
 * so they are used as they are. (Their bundled .d.ts declare no parameters,
 * hence the cast.)
 */
type EslintFormatterFunction = (results: readonly FormatterResult[]) => string;

export const formatCompact = compactModule as unknown as EslintFormatterFunction;
export const formatUnix = unixModule as unknown as EslintFormatterFunction;

/**
 * Checkstyle XML. ESLint's formatter names each error's source
 * `eslint.rules.<rule>`; pcilint's rules are not ESLint's, so the prefix
 * becomes `pcilint.rules.` (the only change to its output).
 */
export function formatCheckstyle(results: readonly FormatterResult[]): string {
  return (checkstyleModule as unknown as EslintFormatterFunction)(results).replace(/ source="eslint\.rules\./g, ' source="pcilint.rules.');
}
