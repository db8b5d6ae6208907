import { pathToFileURL } from 'node:url';

/** How long a plugin or JavaScript configuration may take to load (PCILINT_PLUGIN_TIMEOUT_MS overrides it). */
export const DEFAULT_IMPORT_TIMEOUT_MS = 10_000;

export function importTimeoutMs(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const value = Number(env.PCILINT_PLUGIN_TIMEOUT_MS);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_IMPORT_TIMEOUT_MS;
}

let abandoned = 0;

/**
 * How many imports were given up on. Their modules may still hold the event
 * loop (a timer, a socket), so the bin exits explicitly when this is not 0.
 */
export function abandonedImports(): number {
  return abandoned;
}

/** The module did not settle in time: its top-level code awaits something that never comes. */
export class ImportTimeoutError extends Error {
  override readonly name = 'ImportTimeoutError';
  constructor(readonly ms: number) {
    super(`it did not finish loading within ${ms} ms`);
  }
}

/**
 * import() of a file that gives up after `ms`: a plugin whose top-level await
 * never settles would otherwise leave pcilint waiting for ever (or, once the
 * event loop empties, exiting with nothing said). A module that loops
 * synchronously cannot be interrupted from the same thread; that is not covered.
 */
export async function importWithTimeout(file: string, ms = importTimeoutMs()): Promise<Record<string, unknown>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abandoned++;
      reject(new ImportTimeoutError(ms));
    }, ms);
  });
  try {
    return (await Promise.race([import(pathToFileURL(file).href), timeout])) as Record<string, unknown>;
  } finally {
    clearTimeout(timer);
  }
}
