import type { ColorSupportLevel } from 'chalk';

export interface ColorStream {
  readonly isTTY?: boolean;
  /** tty.WriteStream#getColorDepth, which reads TERM, COLORTERM, CI... from env. */
  getColorDepth?(env?: Record<string, string | undefined>): number;
}

/**
 * The colour level for one run, most specific first:
 * --no-color / --color, then FORCE_COLOR (0/false disables, 1-3 or empty
 * enables), then NO_COLOR (any non-empty value disables), then whether
 * stdout is a terminal (and what it supports). Output that is not a
 * terminal is never coloured unless asked for.
 */
export function colorLevel(
  flag: boolean | undefined,
  env: Readonly<Record<string, string | undefined>>,
  stream: ColorStream,
): ColorSupportLevel {
  if (flag === false) return 0;
  const forced = forceColorLevel(env.FORCE_COLOR);
  if (flag === true) return forced ? forced : (Math.max(terminalLevel(env, stream), 1) as ColorSupportLevel);
  if (forced !== undefined) return forced;
  if (env.NO_COLOR) return 0;
  if (!stream.isTTY) return 0;
  return terminalLevel(env, stream);
}

function forceColorLevel(value: string | undefined): ColorSupportLevel | undefined {
  if (value === undefined) return undefined;
  if (value === '' || value === 'true') return 1;
  if (value === 'false') return 0;
  const level = Number.parseInt(value, 10);
  if (Number.isNaN(level)) return undefined;
  return Math.min(Math.max(level, 0), 3) as ColorSupportLevel;
}

function terminalLevel(env: Readonly<Record<string, string | undefined>>, stream: ColorStream): ColorSupportLevel {
  if (!stream.isTTY) return 0;
  if (typeof stream.getColorDepth === 'function') {
    const depth = stream.getColorDepth({ ...env });
    return depth >= 24 ? 3 : depth >= 8 ? 2 : depth >= 4 ? 1 : 0;
  }
  return env.TERM === 'dumb' ? 0 : 1;
}

// Shared with the formatters, which colour stylish.
export { createChalk } from '@pcilint/formatters';
