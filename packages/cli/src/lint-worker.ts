import { parentPort, workerData } from 'node:worker_threads';
import type { CliOptions } from './args.js';
import type { ConfigLayer } from '@pcilint/core';
import { configsFor } from './cli-configs.js';
import { errorMessage } from './errors.js';
import { lintFile, type FileJob, type FileOutcome } from './lint-file.js';

/**
 * A lint worker (--concurrency): resolves configuration itself (rules are
 * code and cannot be sent), then lints the batches of files the main thread
 * sends and answers with plain results.
 */
export interface WorkerSetup {
  readonly options: CliOptions;
  readonly cwd: string;
  /** The command line's configuration layers, as the main thread computed them. */
  readonly layers: readonly ConfigLayer[];
}

export type WorkerRequest = { readonly batch: number; readonly jobs: readonly FileJob[] };
export type WorkerReply =
  | { readonly batch: number; readonly outcomes: readonly FileOutcome[] }
  | { readonly batch: number; readonly error: string };

const { options, cwd, layers } = workerData as WorkerSetup;
const configs = configsFor(options, cwd, layers);

// The main thread sends the next batch before this one is done: batches are linted one after another, not interleaved.
let queue = Promise.resolve();
parentPort!.on('message', (request: WorkerRequest) => {
  queue = queue.then(() => lintBatch(request));
});

async function lintBatch(request: WorkerRequest): Promise<void> {
  try {
    const outcomes: FileOutcome[] = [];
    for (const job of request.jobs) {
      const { resolved } = await configs.forFile(job);
      outcomes.push(await lintFile(job, resolved, options));
    }
    parentPort!.postMessage({ batch: request.batch, outcomes } satisfies WorkerReply);
  } catch (error) {
    parentPort!.postMessage({ batch: request.batch, error: errorMessage(error) } satisfies WorkerReply);
  }
}
