import type { ChalkInstance, ColorSupportLevel } from 'chalk';

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
