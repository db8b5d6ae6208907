import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LintMessage } from '@pcilint/core';
import { CliError, errorMessage } from './errors.js';
import { ignore, type Ignore } from './file-matchers.js';
import type { FileJob, FileOutcome } from './lint-file.js';

/** Read from the working directory, in .gitignore syntax (as ESLint's .eslintignore was). */
export const IGNORE_FILE = '.pcilintignore';

/** ESLint's words for a named file its ignore patterns exclude, so tools that match on them keep working. */
export const IGNORED_FILE_MESSAGE =
  'File ignored because of a matching ignore pattern. Use "--no-ignore" to disable file ignore settings or use "--no-warn-ignored" to suppress this warning.';

/**
 * Drops the files that .pcilintignore excludes. A file named on the command
 * line (as lint-staged and pre-commit name them) is not dropped silently:
 * it becomes a job reported with one warning, not linted, unless
 * --no-warn-ignored — so a hook given an ignored file warns instead of failing.
 * Files outside the working directory are never excluded.
 */
export function applyIgnoreFile(files: readonly string[], patterns: readonly string[], cwd: string, warnIgnored: boolean, directoryOf: (filePath: string) => string = path.dirname): FileJob[] {
  const rules = readIgnoreFile(cwd);
  const jobs = (filePath: string): FileJob => ({ filePath, configDirectory: directoryOf(filePath) });
  if (!rules) return files.map(jobs);
  const named = new Set(patterns.map((p) => path.resolve(cwd, p)));
  const out: FileJob[] = [];
  for (const filePath of files) {
    const relative = path.relative(cwd, filePath);
    const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
    if (!inside || !rules.ignores(relative.split(path.sep).join('/'))) out.push(jobs(filePath));
    else if (warnIgnored && named.has(filePath)) out.push({ ...jobs(filePath), ignored: true });
  }
  return out;
}

/** The report of an ignored named file: one warning at 0:0 and no rule, as ESLint reports it. */
export function ignoredOutcome(job: FileJob): FileOutcome {
  const warning: LintMessage = { ruleId: null, severity: 1, message: IGNORED_FILE_MESSAGE, line: 0, column: 0, endLine: 0, endColumn: 0, range: [0, 0] };
  return { filePath: job.filePath, lint: { messages: [warning] }, fix: null };
}

function readIgnoreFile(cwd: string): Ignore | null {
  let text: string;
  try {
    text = readFileSync(path.join(cwd, IGNORE_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CliError(`cannot read ${IGNORE_FILE}: ${errorMessage(error)}`, { cause: error });
  }
  return ignore()().add(text);
}
