import path from 'node:path';
import type { EffectiveConfigs } from './effective-config.js';
import type { FileJob } from './lint-file.js';

/**
 * Applies the ignorePatterns of each file's configuration. A file found by
 * a directory or glob is dropped; a file named on the command line (the user
 * asked for it by name) goes to `onNamed`, which says what replaces it: null
 * drops it, a job reports it (ESLint warns about such a file). Standard input
 * is always linted; --no-ignore skips this step, as it skips .gitignore.
 */
export async function withoutIgnored(
  jobs: readonly FileJob[],
  configs: EffectiveConfigs,
  named: { readonly cwd: string; readonly patterns: readonly string[] },
  onNamed: (job: FileJob, configFile: string) => FileJob | null,
): Promise<FileJob[]> {
  const explicit = new Set(named.patterns.map((p) => path.resolve(named.cwd, p)));
  const kept: FileJob[] = [];
  for (const job of jobs) {
    const by = job.fromStdin ? null : await configs.ignoredBy(job);
    if (by === null) {
      kept.push(job);
    } else if (explicit.has(job.filePath)) {
      const replacement = onNamed(job, by);
      if (replacement) kept.push(replacement);
    }
  }
  return kept;
}
