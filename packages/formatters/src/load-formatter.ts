import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUILTIN_FORMATTERS, BUILTIN_FORMAT_NAMES, type FormatFunction, type Formatter } from './builtin-formatters.js';

/** Why a format could not be loaded; the CLI reports it as a usage error (exit 2). */
export class FormatterError extends Error {
  override readonly name = 'FormatterError';
}

export interface LoadFormatterOptions {
  /** Directories to resolve formatter packages and relative paths from, first first (cwd, then the config file's directory). */
  readonly resolveFrom: readonly string[];
  /** Formats the caller provides as built-ins (the CLI's html report, which draws topologies). */
  readonly extraBuiltins?: Readonly<Record<string, Omit<Formatter, 'name' | 'source'>>>;
}

/**
 * `--format NAME`, resolved as ESLint resolves formatters, with pcilint's
 * own prefix first:
 * 1. a built-in format (stylish, json, sarif, ...);
 * 2. a path (`./my-formatter.js`, `/abs/f.mjs`): a module whose default export is the formatter;
 * 3. the package `pcilint-formatter-NAME`, then `eslint-formatter-NAME`
 *    (`@scope/NAME` → `@scope/pcilint-formatter-NAME`, `@scope/eslint-formatter-NAME`;
 *    a full package name is taken as it is), each looked up from every
 *    directory of `resolveFrom` and then from pcilint's own installation.
 * An ESLint formatter works unchanged: it gets ESLint-shaped results and
 * ESLint's context (cwd, rulesMeta).
 */
export async function loadFormatter(name: string, options: LoadFormatterOptions): Promise<Formatter> {
  if (Object.hasOwn(BUILTIN_FORMATTERS, name)) return { name, source: 'builtin', ...BUILTIN_FORMATTERS[name]! };
  const extra = options.extraBuiltins ?? {};
  if (Object.hasOwn(extra, name)) return { name, source: 'builtin', ...extra[name]! };
  if (name.trim() === '') throw new FormatterError(`empty format name; built-in formats: ${BUILTIN_FORMAT_NAMES.join(', ')}`);
  const file = isPath(name) ? resolvePath(name, options.resolveFrom) : resolvePackage(name, options.resolveFrom, [...BUILTIN_FORMAT_NAMES, ...Object.keys(extra)]);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new FormatterError(`cannot load format "${name}" (${file}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const format = pickFunction(module);
  if (!format) throw new FormatterError(`format "${name}" (${file}) does not export a formatter function`);
  return { name, source: file, format, needsSource: true, needsFixes: true };
}

function isPath(name: string): boolean {
  return path.isAbsolute(name) || /^\.\.?([\\/]|$)/.test(name) || /\.[cm]?js$/.test(name);
}

function resolvePath(name: string, from: readonly string[]): string {
  const base = from[0] ?? process.cwd();
  const file = path.resolve(base, name);
  try {
    return createRequire(path.join(base, '__placeholder__.js')).resolve(file);
  } catch {
    throw new FormatterError(`cannot find format "${name}": no such file ${file}`);
  }
}

/** The package names NAME stands for, in the order they are tried. */
export function formatterPackageNames(name: string): string[] {
  const scoped = /^(@[^/]+)(?:\/(.+))?$/.exec(name);
  const [scope, rest] = scoped ? [`${scoped[1]}/`, scoped[2] ?? ''] : ['', name];
  if (/^(pcilint|eslint)-formatter(-|$)/.test(rest)) return [name];
  const suffix = rest === '' ? '' : `-${rest}`;
  return [`${scope}pcilint-formatter${suffix}`, `${scope}eslint-formatter${suffix}`];
}

function resolvePackage(name: string, from: readonly string[], builtins: readonly string[]): string {
  const bases = [...from.map((dir) => path.join(dir, '__placeholder__.js')), fileURLToPath(import.meta.url)];
  const candidates = formatterPackageNames(name);
  for (const pkg of candidates) {
    for (const base of bases) {
      try {
        return createRequire(base).resolve(pkg);
      } catch (error) {
        if ((error as { code?: string }).code !== 'MODULE_NOT_FOUND') {
          throw new FormatterError(`cannot resolve format package "${pkg}": ${(error as Error).message.split('\n')[0]}`, { cause: error });
        }
      }
    }
  }
  // Neither package is installed in the working directory, the config's directory or beside pcilint.
  throw new FormatterError(
    `unknown format "${name}"; expected one of: ${builtins.join(', ')}, ` +
      `an installed package ${candidates.join(' or ')}, or a path to a formatter module`,
  );
}

/** A formatter module's function: the default export (CommonJS interop unwrapped), or a named `format`. */
function pickFunction(module: Record<string, unknown>): FormatFunction | null {
  const inner = module.default as Record<string, unknown> | undefined;
  for (const candidate of [module.default, inner?.default, module.format, inner?.format]) {
    if (typeof candidate === 'function') return candidate as FormatFunction;
  }
  return null;
}
