import path from 'node:path';
import { lazyModule } from '@pcilint/core';
import type IgnoreModule from 'ignore';
import type Picomatch from 'picomatch';

/** gitignore-syntax matching (ignorePatterns, .pcilintignore), loaded when a pattern is first used. */
export type Ignore = IgnoreModule.Ignore;
export const ignore = lazyModule<typeof IgnoreModule>('ignore', import.meta.url);
const picomatch = lazyModule<typeof Picomatch>('picomatch', import.meta.url);

/**
 * Glob matching for `overrides` and `ignorePatterns`, relative to the
 * directory of the configuration file pcilint found (or --config names).
 * Overrides use picomatch, as tinyglobby does for the file search, with a
 * pattern without a slash matching the file name at any depth (ESLint's
 * `overrides` rule). ignorePatterns are .gitignore lines, matched by the
 * `ignore` package, as ESLint matches its ignorePatterns.
 */
export type PathMatcher = (filePath: string) => boolean;

export function overrideMatcher(baseDir: string, files: readonly string[], excludedFiles: readonly string[]): PathMatcher {
  const included = globsMatcher(files);
  const excluded = excludedFiles.length > 0 ? globsMatcher(excludedFiles) : () => false;
  return (filePath) => {
    const relative = relativePosix(baseDir, filePath);
    return relative !== null && included(relative) && !excluded(relative);
  };
}

export function ignoreMatcher(baseDir: string, patterns: readonly string[]): PathMatcher {
  if (patterns.length === 0) return () => false;
  const matcher = ignore()().add([...patterns]);
  return (filePath) => {
    const relative = relativePosix(baseDir, filePath);
    // A file outside the configuration's directory is not the configuration's to ignore.
    return relative !== null && !relative.startsWith('../') && matcher.ignores(relative);
  };
}

/**
 * picomatch's own `basename` option also applies to patterns with a slash
 * when given several, so the choice is made here, pattern by pattern.
 */
function globsMatcher(globs: readonly string[]): (relative: string) => boolean {
  const matchers = globs.map((glob) => picomatch()(glob, { dot: true, basename: !glob.includes('/') }));
  return (relative) => matchers.some((match) => match(relative));
}

/** `filePath` relative to `baseDir` with forward slashes; null for stdin without a name. */
function relativePosix(baseDir: string, filePath: string): string | null {
  if (!path.isAbsolute(filePath)) return null;
  const relative = path.relative(baseDir, filePath);
  if (relative === '' || path.isAbsolute(relative)) return null;
  return relative.split(path.sep).join('/');
}
