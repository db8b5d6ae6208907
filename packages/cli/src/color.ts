import type { ChalkInstance, ColorSupportLevel } from 'chalk';

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

/**
 * A chalk for the level. Without colour (hooks, CI, pipes) chalk is not even
 * loaded: a stand-in that returns its text unchanged, for any chain of styles
 * (`chalk.red.bold(text)`), costs nothing at start-up.
 */
export async function createChalk(level: ColorSupportLevel): Promise<ChalkInstance> {
  if (level === 0) return PLAIN;
  const { Chalk } = await import('chalk');
  return new Chalk({ level });
}

const PLAIN: ChalkInstance = new Proxy((...text: unknown[]) => text.join(' '), {
  // Not a thenable (`then` undefined), or awaiting it would never settle.
  get: (_target, property) => (property === 'then' ? undefined : property === 'level' ? 0 : PLAIN),
}) as unknown as ChalkInstance;
