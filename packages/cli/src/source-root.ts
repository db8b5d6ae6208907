import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The repository root that SARIF's %SRCROOT%, GitHub annotations and GitLab
 * reports are relative to: the CI's checkout directory when the run is inside
 * it (GITHUB_WORKSPACE, GitLab's CI_PROJECT_DIR), else the nearest directory
 * above the working directory with a `.git`, else the working directory.
 */
export function findSourceRoot(cwd: string, env: Readonly<Record<string, string | undefined>>): string {
  for (const dir of [env.GITHUB_WORKSPACE, env.CI_PROJECT_DIR]) {
    if (dir && path.isAbsolute(dir) && (cwd === dir || cwd.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep))) return dir;
  }
  for (let dir = cwd; ; ) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return cwd;
    dir = parent;
  }
}
