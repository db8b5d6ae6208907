import { Worker } from 'node:worker_threads';
import type { CaseDepth } from './pipeline.js';

export type Verdict =
  | { readonly kind: 'ok'; readonly depth: CaseDepth; readonly ms: number }
  | { readonly kind: 'exception'; readonly error: string; readonly stack: string }
  | { readonly kind: 'timeout'; readonly limitMs: number }
  | { readonly kind: 'out-of-memory'; readonly heapMb: number };

/** The bound: 2 s per 10 KB of input (at least 2 s). */
export function timeLimitMs(bytes: number): number {
  return 2000 * Math.max(1, bytes / 10240);
}

/**
 * Heap allowed for a case of this size: 64 MB for the packs and the runtime,
 * plus 500 bytes per input byte (a 10 MB guest needs about 50 times its size;
 * ten times that margin). A case beyond it kills its worker: "heap growth
 * out of proportion to input size".
 */
export function heapLimitMb(bytes: number): number {
  return Math.ceil(64 + (500 * sizeClass(bytes)) / (1024 * 1024));
}

/** Workers come in size classes (16 KB, 64 KB, 256 KB): each class has its own heap limit. */
function sizeClass(bytes: number): number {
  let limit = 16 * 1024;
  while (limit < bytes) limit *= 4;
  return limit;
}

/**
 * Runs cases on worker threads, one worker per size class, and turns a
 * hang (no answer within the time limit) or an exhausted heap into a
 * verdict instead of a stuck or dead fuzzer: the worker is replaced.
 */
export class CaseRunner {
  private readonly workers = new Map<number, Worker>();
  private nextId = 0;

  constructor(private readonly workerUrl: URL) {}

  async run(bytes: Uint8Array, fileName: string): Promise<Verdict> {
    const cls = sizeClass(bytes.length);
    const worker = this.workerFor(cls);
    const id = this.nextId++;
    const limitMs = timeLimitMs(bytes.length);
    const started = performance.now();
    return new Promise<Verdict>((resolve) => {
      const settle = (verdict: Verdict, replace: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (replace) this.discard(cls, worker);
        resolve(verdict);
      };
      const onMessage = (m: { id: number; ok: boolean; depth?: CaseDepth; error?: string; stack?: string }) => {
        if (m.id !== id) return;
        settle(m.ok ? { kind: 'ok', depth: m.depth!, ms: performance.now() - started } : { kind: 'exception', error: m.error!, stack: m.stack ?? '' }, false);
      };
      const onError = (error: Error & { code?: string }) => {
        const oom = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
        settle(oom ? { kind: 'out-of-memory', heapMb: heapLimitMb(bytes.length) } : { kind: 'exception', error: `worker died: ${error.message}`, stack: error.stack ?? '' }, true);
      };
      const onExit = () => settle({ kind: 'exception', error: 'worker exited', stack: '' }, true);
      const timer = setTimeout(() => settle({ kind: 'timeout', limitMs }, true), limitMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, bytes, fileName });
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.terminate()));
    this.workers.clear();
  }

  private workerFor(cls: number): Worker {
    let worker = this.workers.get(cls);
    if (!worker) {
      worker = new Worker(this.workerUrl, { resourceLimits: { maxOldGenerationSizeMb: heapLimitMb(cls), maxYoungGenerationSizeMb: 16 } });
      worker.unref();
      this.workers.set(cls, worker);
    }
    return worker;
  }

  private discard(cls: number, worker: Worker): void {
    if (this.workers.get(cls) === worker) this.workers.delete(cls);
    void worker.terminate();
  }
}
