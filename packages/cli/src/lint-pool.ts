import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CliError } from './errors.js';
import type { FileJob, FileOutcome } from './lint-file.js';
import type { WorkerReply, WorkerSetup } from './lint-worker.js';

/** Files per message: enough to make messaging cheap, few enough to balance the load. */
const BATCH = 32;
/** Below this many files a worker's start-up (loading every pack again) costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 400;

/** Worker threads for this run: 0 means lint in the main thread. */
export function workerCount(setting: 'auto' | 'off' | number, files: number): number {
  if (setting === 'off') return 0;
  if (setting === 'auto') {
    if (files < MIN_FILES_FOR_WORKERS) return 0;
    return Math.min(availableParallelism(), Math.ceil(files / MIN_FILES_FOR_WORKERS));
  }
  return Math.min(setting, Math.ceil(files / BATCH));
}

/** Lints the jobs on `threads` workers; outcomes come back in the jobs' order. */
export async function lintInWorkers(jobs: readonly FileJob[], threads: number, setup: WorkerSetup): Promise<FileOutcome[]> {
  const batches: FileJob[][] = [];
  for (let i = 0; i < jobs.length; i += BATCH) batches.push(jobs.slice(i, i + BATCH));
  const results: (readonly FileOutcome[] | undefined)[] = new Array(batches.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(threads, batches.length) }, () => new Worker(new URL('./lint-worker.js', import.meta.url), { workerData: setup }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= batches.length) return resolve();
              const batch = next++;
              worker.postMessage({ batch, jobs: batches[batch] });
            };
            worker.on('message', (reply: WorkerReply) => {
              if ('error' in reply) return reject(new CliError(reply.error));
              results[reply.batch] = reply.outcomes;
              send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => (next < batches.length || code !== 0 ? reject(new Error(`a lint worker stopped (exit ${code})`)) : resolve()));
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results.flatMap((r) => r ?? []);
}
