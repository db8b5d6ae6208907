import { pathToFileURL } from 'node:url';
import { lazyModule } from '@pcilint/core';

const workerThreads = lazyModule<typeof import('node:worker_threads')>('node:worker_threads', import.meta.url);

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
 * synchronously cannot be interrupted from the same thread: with `probe`, the
 * module is first imported on a worker thread, which can be stopped.
 */
export async function importWithTimeout(file: string, ms = importTimeoutMs(), options: { probe?: boolean } = {}): Promise<Record<string, unknown>> {
  // A lint worker (--concurrency) imports what the main thread has already imported once.
  if (options.probe && workerThreads().isMainThread) await probeImport(file, ms);
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

/**
 * Imports `file` on a throw-away worker thread and waits at most `ms` for it
 * to finish. Only a hang is reported from here: a module that throws, or
 * that cannot run on a worker, fails (or not) when imported for real, with
 * its own error. The module's output on the worker is discarded, so what it
 * prints while loading is printed once.
 */
async function probeImport(file: string, ms: number): Promise<void> {
  const source = `const { parentPort, workerData } = require('node:worker_threads');
import(workerData).then(() => parentPort.postMessage('loaded'), () => parentPort.postMessage('failed'));`;
  const worker = new (workerThreads().Worker)(source, { eval: true, workerData: pathToFileURL(file).href, stdout: true, stderr: true });
  worker.stdout.resume();
  worker.stderr.resume();
  let timer: NodeJS.Timeout | undefined;
  try {
    const settled = await Promise.race([
      new Promise<boolean>((resolve) => {
        worker.once('message', () => resolve(true));
        worker.once('error', () => resolve(true));
        worker.once('exit', () => resolve(true));
      }),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), ms);
      }),
    ]);
    if (!settled) throw new ImportTimeoutError(ms);
  } finally {
    clearTimeout(timer);
    await worker.terminate();
  }
}
