import path from 'node:path';
import type { FormatterContext } from './context.js';

/**
 * A result's path relative to the repository root, with forward slashes, as
 * SARIF artifact URIs, GitHub annotations and GitLab reports want it. Files
 * outside the root (and `<text>`) keep their path.
 */
export function repoRelativePath(filePath: string, context: FormatterContext): string {
  if (!path.isAbsolute(filePath)) return filePath.split(path.sep).join('/');
  const relative = path.relative(context.srcRoot ?? context.cwd, filePath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return filePath.split(path.sep).join('/');
  return relative.split(path.sep).join('/');
}
