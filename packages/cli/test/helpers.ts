import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../src/main.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const cliDir = path.resolve(here, '..');
export const repoRoot = path.resolve(cliDir, '../..');
export const fixturesDir = path.join(repoRoot, 'fixtures/cli');
export const binPath = path.join(cliDir, 'bin/pcilint.cjs');
export const ROOT_RULE = 'common/root-model-matches-machine';

export function fixture(...parts: string[]): string {
  return path.join(fixturesDir, ...parts);
}

export const ANSI = /\u001b\[\d+(;\d+)*m/;

/** The environment without anything that changes colours or Node's behaviour (CI sets NO_COLOR and FORCE_COLOR). */
export function baseEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (['NO_COLOR', 'FORCE_COLOR', 'NODE_DISABLE_COLORS', 'NODE_OPTIONS', 'PCILINT_DEBUG', 'TERM'].includes(key)) continue;
    env[key] = value;
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built bin (`npm run build` must have run: tsc -b, then the bundle), as a user would. */
export function runBin(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {},
): RunResult {
  if (!existsSync(binPath)) throw new Error(`${binPath} is missing: run "npm run build" at the repository root first`);
  const result = spawnSync(process.execPath, [binPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: baseEnv(options.env),
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs main() in this process with captured output. */
export async function runMain(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; input?: string; isTTY?: boolean; columns?: number } = {},
): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv: args,
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: options.isTTY ?? false, columns: options.columns },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: false },
    stdin: Readable.from(options.input === undefined ? [] : [Buffer.from(options.input, 'utf8')]),
    cwd: options.cwd ?? repoRoot,
    env: baseEnv(options.env),
  });
  return { code, stdout, stderr };
}

/** A fresh directory under the OS temp dir, populated from a map of relative paths to contents. */
export function tempTree(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pcilint-cli-'));
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(dir, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

export function removeTree(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function readFixture(...parts: string[]): string {
  return readFileSync(fixture(...parts), 'utf8');
}

export interface JsonMessage {
  ruleId: string | null;
  severity: number;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  messageId?: string;
  fatal?: boolean;
  fix?: { range: [number, number]; text: string };
  [key: string]: unknown;
}

export interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
  suppressedMessages: unknown[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  source?: string;
  skipped?: string;
  [key: string]: unknown;
}

export function parseJsonOutput(stdout: string): JsonResult[] {
  return JSON.parse(stdout) as JsonResult[];
}

export function messagesOf(results: JsonResult[], ruleId: string | null): JsonMessage[] {
  return results.flatMap((r) => r.messages.filter((m) => m.ruleId === ruleId));
}
