import { parentPort } from 'node:worker_threads';
import { fuzzConfig } from './config.js';
import { exercise } from './pipeline.js';

/** Runs cases sent by the fuzzer, one at a time; the fuzzer times them and restarts the thread when one hangs or exhausts its heap. */
const config = fuzzConfig();
parentPort!.on('message', (job: { id: number; bytes: Uint8Array; fileName: string }) => {
  try {
    const depth = exercise(job.bytes, job.fileName, config);
    parentPort!.postMessage({ id: job.id, ok: true, depth });
  } catch (error) {
    const e = error as Error;
    parentPort!.postMessage({ id: job.id, ok: false, error: `${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`, stack: e?.stack ?? '' });
  }
});
