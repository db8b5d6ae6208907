// A stand-in for case-worker.js with planted defects, to prove the runner catches each kind.
import { parentPort } from 'node:worker_threads';
parentPort.on('message', (job) => {
  const text = Buffer.from(job.bytes).toString('utf8');
  if (text === 'hang') for (;;);
  if (text === 'throw') {
    parentPort.postMessage({ id: job.id, ok: false, error: 'TypeError: planted', stack: '' });
    return;
  }
  if (text === 'oom') {
    const hog = [];
    for (;;) hog.push(new Array(1e5).fill(hog.length));
  }
  parentPort.postMessage({ id: job.id, ok: true, depth: 'linted' });
});
