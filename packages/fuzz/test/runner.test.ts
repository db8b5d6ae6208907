// The fuzzer's own failure detection: a case that hangs, throws or eats its heap must come back as
// that verdict (and the next case must still run), or a long fuzz run proves nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CaseRunner, heapLimitMb, timeLimitMs } from '../src/case-runner.js';

const planted = new URL('./planted-worker.mjs', import.meta.url);
const bytes = (s: string) => Buffer.from(s, 'utf8');

test('a hang is a timeout verdict after the time bound, and the runner goes on', async () => {
  const runner = new CaseRunner(planted);
  const started = Date.now();
  const verdict = await runner.run(bytes('hang'), 'x.xml');
  assert.equal(verdict, { kind: 'timeout', limitMs: 2000 });
  assert.ok(Date.now() - started < 5000);
  assert.is((await runner.run(bytes('fine'), 'x.xml')).kind, 'ok');
  await runner.close();
});

test('an exception in a case is reported with its message', async () => {
  const runner = new CaseRunner(planted);
  const verdict = await runner.run(bytes('throw'), 'x.xml');
  assert.is(verdict.kind, 'exception');
  assert.is(verdict.kind === 'exception' && verdict.error, 'TypeError: planted');
  await runner.close();
});

test('a case that exhausts its heap is an out-of-memory verdict, the next case runs on a new worker', async () => {
  const runner = new CaseRunner(planted);
  assert.equal(await runner.run(bytes('oom'), 'x.xml'), { kind: 'out-of-memory', heapMb: heapLimitMb(3) });
  assert.is((await runner.run(bytes('fine'), 'x.xml')).kind, 'ok');
  await runner.close();
});

test('bounds grow with the input: 2 s per 10 KB, heap by size class', () => {
  assert.is(timeLimitMs(100), 2000);
  assert.is(timeLimitMs(10240 * 5), 10000);
  assert.is(heapLimitMb(1000), 72);
  assert.is(heapLimitMb(200 * 1024), 189);
});

test.run();
