// Scratch git repositories for the hook tests, and the commands run in them.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const fixturesDir = path.join(repoRoot, 'fixtures/hooks');
export const cliBin = path.join(repoRoot, 'packages/cli/bin/pcilint.cjs');

export function fixtureText(name: string): string {
  return readFileSync(path.join(fixturesDir, name), 'utf8');
}

export interface Run {
  readonly code: number;
  readonly output: string;
}

/** The environment without colours and without the CI variables that change pre-commit's or lint-staged's output. */
export function quietEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || /^(FORCE_COLOR|NODE_OPTIONS|npm_config_.*|NPM_CONFIG_.*|GIT_.*)$/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

export function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = quietEnv(), timeoutMs = 600_000): Run {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: timeoutMs, input: '' });
  if (result.error) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`, { cause: result.error });
  return { code: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

export function git(repo: string, ...args: string[]): string {
  const result = run('git', args, repo);
  if (result.code !== 0) throw new Error(`git ${args.join(' ')} failed (${result.code}): ${result.output}`);
  return result.output;
}

/** A new git repository with a committer identity and no hooks of its own. */
export function scratchRepo(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `pcilint-${prefix}-`));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'hooks-test@example.invalid');
  git(dir, 'config', 'user.name', 'hooks test');
  git(dir, 'config', 'commit.gpgsign', 'false');
  return dir;
}

export function writeFile(repo: string, relative: string, text: string): string {
  const file = path.join(repo, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

export function copyFixture(repo: string, fixture: string, relative: string): string {
  const file = path.join(repo, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  copyFileSync(path.join(fixturesDir, fixture), file);
  return file;
}

export function readText(repo: string, relative: string): string {
  return readFileSync(path.join(repo, relative), 'utf8');
}

export function removeTree(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The `[...]` lines of `pcilint -f json` runs in a hook's output (one per batch of files), merged. */
export function jsonResults(output: string): { filePath: string; errorCount: number; warningCount: number; messages: { ruleId: string | null; message: string; severity: number }[] }[] {
  return output
    .split('\n')
    .filter((line) => line === '[]' || (line.startsWith('[{"filePath":') && line.endsWith('}]')))
    .flatMap((line) => JSON.parse(line) as ReturnType<typeof jsonResults>);
}
