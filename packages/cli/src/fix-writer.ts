import { promises as fs, constants } from 'node:fs';
import path from 'node:path';
import { lazyModule } from '@pcilint/core';

// A built-in loaded on first use: start-up pays only for what a run needs.
const crypto = lazyModule<typeof import('node:crypto')>('node:crypto', import.meta.url);

/**
 * Writes fixed files so that a reader (or a crash) only ever sees the old
 * bytes or the new ones: a temporary file in the same directory, written and
 * fsynced, renamed over the target, then the directory fsynced. The file's
 * mode is kept; a symlink's target is replaced, never the link.
 *
 * Written by hand rather than with write-file-atomic because of one thing it
 * cannot do: a process killed with SIGKILL between open and rename leaves
 * its temporary file behind, and write-file-atomic's names
 * (`file.<murmurhash>`) cannot be told apart from users' files. Ours are
 * `.<name>.pcilint-<pid>-<random>.tmp`, so the next run can sweep those of
 * dead processes (sweepStaleTemporaries).
 */

export type WriteOutcome =
  | { readonly kind: 'written' }
  /** The file no longer holds what was linted: someone else changed it. */
  | { readonly kind: 'changed-on-disk' }
  | { readonly kind: 'failed'; readonly reason: string };

const TEMP_PATTERN = /^\.(.+)\.pcilint-(\d+)-[0-9a-f]{12}\.tmp$/;

export async function writeFixedFile(file: string, expectedText: string, fixedText: string): Promise<WriteOutcome> {
  let target: string;
  try {
    target = await fs.realpath(file);
  } catch (error) {
    return { kind: 'failed', reason: describeFsError(error) };
  }
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${path.basename(target)}.pcilint-${process.pid}-${crypto().randomBytes(6).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    const stat = await fs.stat(target);
    // Checked as late as possible: a file edited since it was read is left alone.
    const current = await fs.readFile(target, 'utf8');
    if (current !== expectedText) return { kind: 'changed-on-disk' };
    // rename() would replace a file its owner made read-only (and root passes every access check): ask the mode.
    if ((stat.mode & 0o222) === 0) return { kind: 'failed', reason: 'the file is read-only' };
    await fs.access(target, constants.W_OK);
    handle = await fs.open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, stat.mode & 0o7777);
    await handle.writeFile(fixedText, 'utf8');
    await handle.chmod(stat.mode & 0o7777);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, target);
    await syncDirectory(dir);
    return { kind: 'written' };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    return { kind: 'failed', reason: describeFsError(error) };
  }
}

/**
 * Removes temporary files that a pcilint process killed mid-write left in
 * `dir` (their pid no longer runs). Files of live processes, and anything
 * not named like ours, are left alone.
 */
export async function sweepStaleTemporaries(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const match = TEMP_PATTERN.exec(name);
    if (!match || processAlive(Number(match[2]))) continue;
    await fs.rm(path.join(dir, name), { force: true }).catch(() => undefined);
  }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function syncDirectory(dir: string): Promise<void> {
  // Makes the rename durable; not every file system lets a directory be opened for fsync.
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    /* best effort */
  }
}

function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    default:
      return e instanceof Error ? e.message : String(error);
  }
}
