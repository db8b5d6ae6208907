import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// The collection after a fleet-sized file search sets a V8 flag at run time: it must work in the Node that runs
// pcilint, free the search's garbage, and leave nothing behind (no global gc for plugins to find).
test('releaseSearchMemory collects the garbage of a large search and exposes no global gc', () => {
  const code = `
    const { releaseSearchMemory } = await import(${JSON.stringify(new URL('../src/release-memory.ts', import.meta.url).href)});
    let garbage = Array.from({ length: 200000 }, (_, i) => ({ path: '/guests/' + i + '.xml' }));
    const before = process.memoryUsage().heapUsed;
    garbage = null;
    releaseSearchMemory(4999);
    const small = process.memoryUsage().heapUsed;
    releaseSearchMemory(5000);
    releaseSearchMemory(100000);
    const after = process.memoryUsage().heapUsed;
    console.log(JSON.stringify({ before, small, after, gc: typeof globalThis.gc }));
  `;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
  assert.is(run.status, 0, run.stderr);
  const { before, small, after, gc } = JSON.parse(run.stdout) as { before: number; small: number; after: number; gc: string };
  assert.is(gc, 'undefined');
  // Below the fleet size nothing is collected; at it, most of the 200,000 dead objects are gone.
  assert.ok(small > before * 0.8, `nothing collected below 5,000 files (${small} of ${before})`);
  assert.ok(after < before / 2, `heap ${after} after collection, ${before} before`);
});

test.run();
