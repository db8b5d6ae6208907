import path from 'node:path';
import type { EffectiveConfigs } from './effective-config.js';
import type { FileJob } from './lint-file.js';

/**
 * Drops the files the applying configuration's ignorePatterns exclude.
 * A file named on the command line is dropped too, with a warning (ESLint's
 * behaviour): the user asked for it by name. Standard input is always linted,
 * and --no-ignore turns ignorePatterns off as it turns .gitignore off.
 */
export async function withoutIgnored(
  jobs: readonly FileJob[],
  configs: EffectiveConfigs,
  named: { readonly cwd: string; readonly patterns: readonly string[] },
  warn: (message: string) => void,
): Promise<FileJob[]> {
  const explicit = new Set(named.patterns.map((p) => path.resolve(named.cwd, p)));
  const kept: FileJob[] = [];
  for (const job of jobs) {
    const by = job.fromStdin ? null : await configs.ignoredBy(job);
    if (by === null) kept.push(job);
    else if (explicit.has(job.filePath)) warn(`${path.relative(named.cwd, job.filePath) || job.filePath} is ignored by "ignorePatterns" in ${by}; use --no-ignore to lint it`);
  }
  return kept;
}
