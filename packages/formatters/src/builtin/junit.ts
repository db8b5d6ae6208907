import type { FormatterContext } from '../context.js';
import type { FormatterMessage, FormatterResult } from '../formatter-results.js';
import { repoRelativePath } from '../paths.js';
import { xmlEscape } from './xml-escape.js';

/**
 * JUnit XML, one <testsuite> per file and one failing <testcase> per
 * message. ESLint's junit formatter names every test case after its rule
 * alone, so GitLab (which keys test cases by class and name) folds all
 * findings of a rule in a file into one; here the name is the rule and the
 * location (`common/chassis-unique at 14:15`), made unique within the file
 * with a counter when a rule reports twice at one place. A file without
 * findings is one passing test case, a skipped file one skipped test case,
 * so the report lists every file linted.
 */
export function formatJunit(results: readonly FormatterResult[], context: FormatterContext): string {
  let tests = 0;
  let failures = 0;
  const suites: string[] = [];
  for (const result of results) {
    const file = repoRelativePath(result.filePath, context);
    const cases: string[] = [];
    const names = new Map<string, number>();
    for (const message of result.messages) {
      const base = `${message.ruleId ?? 'pcilint'} at ${message.line || 0}:${message.column || 0}`;
      const seen = (names.get(base) ?? 0) + 1;
      names.set(base, seen);
      cases.push(failingCase(seen === 1 ? base : `${base} (${seen})`, file, message));
    }
    if (cases.length === 0) {
      const skipped = result.skipped === undefined ? '' : `<skipped message="${xmlEscape(result.skipped)}"/>`;
      cases.push(`    <testcase name="pcilint" classname="${xmlEscape(file)}" file="${xmlEscape(file)}" time="0">${skipped}</testcase>`);
    }
    const failed = result.messages.length;
    tests += cases.length;
    failures += failed;
    suites.push(
      `  <testsuite name="${xmlEscape(file)}" tests="${cases.length}" failures="${failed}" errors="0" skipped="${result.skipped !== undefined && failed === 0 ? 1 : 0}" time="0">\n` +
        `${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    `<testsuites name="pcilint" tests="${tests}" failures="${failures}" errors="0" time="0">\n` +
    suites.map((s) => `${s}\n`).join('') +
    '</testsuites>\n'
  );
}

function failingCase(name: string, file: string, message: FormatterMessage): string {
  const severity = message.fatal || message.severity === 2 ? 'error' : 'warning';
  const where = `${file}:${message.line || 0}:${message.column || 0}`;
  const detail = `${where}: ${severity}: ${message.message}${message.ruleId ? ` (${message.ruleId})` : ''}${message.nodePath ? `\nat ${message.nodePath}` : ''}`;
  return (
    `    <testcase name="${xmlEscape(name)}" classname="${xmlEscape(file)}" file="${xmlEscape(file)}" time="0">` +
    `<failure type="${severity}" message="${xmlEscape(message.message)}">${xmlEscape(detail)}</failure></testcase>`
  );
}
