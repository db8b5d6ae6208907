import { lstat as lstatCallback, stat as statCallback } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import { CliError } from './errors.js';

// Not node:fs/promises, which loads Node's readline and stream modules: milliseconds of a one-file run.
const stat = promisify(statCallback);
const lstat = promisify(lstatCallback);

export interface FileSearchOptions {
  readonly cwd: string;
  /** false for --no-ignore: .gitignore files are not consulted. */
  readonly gitignore: boolean;
  readonly errorOnUnmatchedPattern: boolean;
}

/** Never linted when expanding directories and globs (ESLint's defaults). */
const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];

/**
 * Expands file, directory and glob arguments into a sorted list of absolute
 * paths. An existing file named explicitly is always linted, even when
 * .gitignore excludes it or has another extension; directories are searched
 * for libvirt XML and QEMU .args files (DIRECTORY_GLOB); anything else is a glob. Results are de-duplicated and sorted
 * by code point, so the output order does not depend on the file system or locale.
 */
/** What a directory argument lints: domain XML and QEMU command lines as libvirt writes them. */
export const DIRECTORY_GLOB = '**/*.{xml,args}';

export async function findFiles(patterns: readonly string[], options: FileSearchOptions): Promise<string[]> {
  const found = new Set<string>();
  for (const pattern of patterns) {
    for (const file of await expandPattern(pattern, options)) found.add(file);
  }
  return [...found].sort(compareCodePoints);
}

async function expandPattern(pattern: string, options: FileSearchOptions): Promise<string[]> {
  const absolute = path.resolve(options.cwd, pattern);
  const kind = await statKind(absolute);
  if (kind === 'file') return [absolute];
  // Loaded only when something must be searched: a hook naming one file never pays for it.
  const { convertPathToPattern, globby } = await import('globby');

  let glob: string;
  let cwd = path.resolve(options.cwd);
  if (kind === 'directory') {
    const relative = path.relative(options.cwd, absolute);
    if (relative === '') {
      glob = DIRECTORY_GLOB;
    } else if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
      glob = `${convertPathToPattern(relative.split(path.sep).join('/'))}/${DIRECTORY_GLOB}`;
    } else {
      // Outside the working directory: search from the directory itself.
      cwd = absolute;
      glob = DIRECTORY_GLOB;
    }
  } else {
    glob = pattern.split(path.sep).join('/');
  }

  // Symbolic links to directories are not followed (as git does not): a link back up the
  // tree would otherwise list every file again at each level until ELOOP. Links to files are linted.
  const search = async (gitignore: boolean) => {
    const entries = await globby(glob, { cwd, gitignore, ignore: ALWAYS_IGNORED, dot: true, onlyFiles: false, followSymbolicLinks: false, objectMode: true });
    const files: string[] = [];
    for (const entry of entries) {
      const file = absoluteEntry(cwd, entry.path);
      if (entry.dirent.isFile() || (entry.dirent.isSymbolicLink() && (await isRegularTarget(file)))) files.push(file);
    }
    return files;
  };
  const files = await search(options.gitignore);
  if (files.length > 0 || !options.errorOnUnmatchedPattern) return files;

  if (options.gitignore && (await search(false)).length > 0) {
    throw new CliError(`All files matched by "${pattern}" are ignored (by .gitignore). Use --no-ignore to lint them.`);
  }
  throw new CliError(`No files matching the pattern "${pattern}" were found.`);
}

/**
 * A search result (relative to `cwd`, a normalised absolute path, and `/`-separated) as an absolute path.
 * Joined by hand when it has no `.` or `..` segment: globby's `absolute`
 * option and path.resolve normalised every entry again, 35 ms per 10,000
 * files of a cached re-run.
 */
function absoluteEntry(cwd: string, entry: string): string {
  if (path.sep !== '/' || DOT_SEGMENT.test(entry) || entry.includes('//')) return path.resolve(cwd, entry);
  // An absolute pattern gives absolute entries.
  if (entry.startsWith('/')) return entry;
  return cwd === '/' ? `/${entry}` : `${cwd}/${entry}`;
}

const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/u;

async function statKind(file: string): Promise<'file' | 'directory' | 'missing'> {
  try {
    const info = await stat(file);
    return info.isDirectory() ? 'directory' : 'file';
  } catch (error) {
    const code = (error as { code?: string }).code;
    // A path that exists but cannot be examined (EACCES, ELOOP, a dangling
    // symbolic link...) is still a named file: reading it reports the real reason.
    if (code === 'ENOENT' && (await isSymbolicLink(file))) return 'file';
    return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG' ? 'missing' : 'file';
  }
}

async function isSymbolicLink(file: string): Promise<boolean> {
  try {
    return (await lstat(file)).isSymbolicLink();
  } catch {
    return false;
  }
}

/** A link found while searching is linted when it leads to a regular file (not a dangling link, FIFO or device). */
async function isRegularTarget(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
