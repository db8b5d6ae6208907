import { createRequire } from 'node:module';
import type { FormatterResult } from '../formatter-results.js';

/**
 * ESLint's own compact, unix and checkstyle formatters, extracted from
 * ESLint 9 into packages of their own: pcilint results have ESLint's shape,
 * so they are used as they are. Required when first used, so a run in
 * another format does not load them (start-up time is measured).
 */
type EslintFormatterFunction = (results: readonly FormatterResult[]) => string;

const require = createRequire(import.meta.url);
const eslintFormatter = (name: string) => require(name) as EslintFormatterFunction;

export const formatCompact = (results: readonly FormatterResult[]): string => eslintFormatter('eslint-formatter-compact')(results);
export const formatUnix = (results: readonly FormatterResult[]): string => eslintFormatter('eslint-formatter-unix')(results);

/**
 * Checkstyle XML. ESLint's formatter names each error's source
 * `eslint.rules.<rule>`; pcilint's rules are not ESLint's, so the prefix
 * becomes `pcilint.rules.` (the only change to its output).
 */
export function formatCheckstyle(results: readonly FormatterResult[]): string {
  return eslintFormatter('eslint-formatter-checkstyle')(results).replace(/ source="eslint\.rules\./g, ' source="pcilint.rules.');
}
