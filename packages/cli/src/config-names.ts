import path from 'node:path';

/**
 * How short plugin and shared-config names expand to npm package names,
 * ESLint's convention with pcilint's prefixes:
 *   foo            -> pcilint-plugin-foo        / pcilint-config-foo
 *   foo/strict     -> pcilint-config-foo/strict (a file inside the package)
 *   @scope         -> @scope/pcilint-plugin     / @scope/pcilint-config
 *   @scope/foo     -> @scope/pcilint-plugin-foo / @scope/pcilint-config-foo
 * A name that already has the prefix, a path, and pcilint's own scope
 * (@pcilint/..., the built-in packs) are used as written.
 */
export type NameKind = 'plugin' | 'config';

export function isPathSpecifier(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || /^\.\.?[\\/]/.test(specifier) || path.isAbsolute(specifier);
}

export function packageNameFor(kind: NameKind, name: string): string {
  if (isPathSpecifier(name) || name.startsWith('@pcilint/')) return name;
  const prefix = `pcilint-${kind}`;
  if (name.startsWith('@')) {
    const [scope, first, ...rest] = name.split('/');
    if (first === undefined || first === '') return `${scope}/${prefix}`;
    const base = first === prefix || first.startsWith(`${prefix}-`) ? first : `${prefix}-${first}`;
    return [scope, base, ...rest].join('/');
  }
  const [first, ...rest] = name.split('/');
  const base = first === prefix || first!.startsWith(`${prefix}-`) ? first! : `${prefix}-${first}`;
  return [base, ...rest].join('/');
}
