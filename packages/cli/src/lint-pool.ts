import { availableParallelism } from 'node:os';
import { CliError } from './errors.js';
import type { FileJob, FileOutcome } from './lint-file.js';
import type { WorkerReply, WorkerSetup } from './lint-worker.js';
import { lazyModule } from '@pcilint/core';

// A run in the main thread (one file, a hook) never loads the worker machinery.
const workerThreads = lazyModule<typeof import('node:worker_threads')>('node:worker_threads', import.meta.url);

/** Files per message: enough to make messaging cheap, few enough to balance the load. */
const BATCH = 32;
/** Below this many files a worker's start-up (loading every pack again) costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 400;

/** Batches a worker holds at once: the next one is already there when it finishes one, so it never waits for the main thread. */
const IN_FLIGHT = 2;

/**
 * A worker holds two batches at a time, so a small heap suffices; without a
 * limit V8 lets each heap grow to hundreds of MB before collecting, and a
 * fleet run's memory then grows with the number of workers. A batch that
 * does not fit (a huge file) is linted again in the main thread. A 48 MB
 * young generation was tried: no faster within the spread of runs on the
 * bench machine (10,000 guests), and 100,000 guests peaked at 280-300 MiB
 * instead of 235-245.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };

/** Worker threads for this run: 0 means lint in the main thread. */
export function workerCount(setting: 'auto' | 'off' | number, files: number): number {
  if (setting === 'off') return 0;
  if (setting === 'auto') {
    if (files < MIN_FILES_FOR_WORKERS) return 0;
    return Math.min(availableParallelism(), Math.ceil(files / MIN_FILES_FOR_WORKERS));
  }
  return Math.min(setting, Math.ceil(files / BATCH));
}

/**
 * Lints the jobs on `threads` workers. `onOutcome(index, outcome)` is called
 * for each job as its batch comes back, in no particular order. A worker
 * that runs out of its heap (a huge file) hands its batch, and then every
 * batch it would have taken, to `inMainThread`.
 */
export async function lintInWorkers(
  jobs: readonly FileJob[],
  threads: number,
  setup: WorkerSetup,
  onOutcome: (index: number, outcome: FileOutcome) => Promise<void> | void,
  inMainThread: (job: FileJob) => Promise<FileOutcome>,
): Promise<void> {
  const batches: FileJob[][] = [];
  for (let i = 0; i < jobs.length; i += BATCH) batches.push(jobs.slice(i, i + BATCH));
  let next = 0;
  const deliver = async (batch: number, outcomes: readonly FileOutcome[]) => {
    for (let i = 0; i < outcomes.length; i++) await onOutcome(batch * BATCH + i, outcomes[i]);
  };
  const lintBatchInMainThread = async (batch: number) => {
    const outcomes: FileOutcome[] = [];
    for (const job of batches[batch]!) outcomes.push(await inMainThread(job));
    await deliver(batch, outcomes);
  };
  const drainInMainThread = async (held: readonly number[]) => {
    for (const batch of held) await lintBatchInMainThread(batch);
    for (let batch = next++; batch < batches.length; batch = next++) await lintBatchInMainThread(batch);
  };
  const workers = Array.from({ length: Math.min(threads, batches.length) }, () => new (workerThreads().Worker)(new URL('./lint-worker.js', import.meta.url), { workerData: setup, resourceLimits: WORKER_LIMITS }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const inFlight = new Set<number>();
            let settled = false;
            const finish = (error?: unknown) => {
              if (settled) return;
              settled = true;
              if (error) reject(error);
              else resolve();
            };
            const send = () => {
              while (inFlight.size < IN_FLIGHT && next < batches.length) {
                const batch = next++;
                inFlight.add(batch);
                worker.postMessage({ batch, jobs: batches[batch] });
              }
            };
            worker.on('message', async (reply: WorkerReply) => {
              if ('error' in reply) return finish(new CliError(reply.error));
              inFlight.delete(reply.batch);
              // Keep the worker busy while this batch's results are reported.
              send();
              try {
                await deliver(reply.batch, reply.outcomes);
              } catch (error) {
                return finish(error);
              }
              if (inFlight.size === 0) finish();
            });
            worker.on('error', (error: NodeJS.ErrnoException) => {
              if (error.code !== 'ERR_WORKER_OUT_OF_MEMORY') return finish(error);
              // The batches it held, then every batch not yet taken, are linted in the main thread.
              const lost = [...inFlight].sort((a, b) => a - b);
              inFlight.clear();
              drainInMainThread(lost).then(() => finish(), finish);
            });
            worker.on('exit', (code) => {
              if (code !== 0 && !settled && inFlight.size > 0) finish(new Error(`a lint worker stopped (exit ${code})`));
            });
            send();
            // More workers than batches to share: this one has nothing to do.
            if (inFlight.size === 0) finish();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
