import { lazyModule } from '@pcilint/core';

// Built-ins loaded only by a fleet-sized run: start-up of a one-file run does not pay for them.
const v8 = lazyModule<typeof import('node:v8')>('node:v8', import.meta.url);
const vm = lazyModule<typeof import('node:vm')>('node:vm', import.meta.url);

let collect: (() => void) | undefined;

const FLEET_FILES = 5_000;

/**
 * A full garbage collection, to hand back to the system what the file search
 * allocated before the long lint phase starts. Searching 100,000 files
 * allocates over 100 MB that is garbage once the list is made, and V8 keeps
 * the heap it grew (the main thread stayed at about 150 MB beside its lint
 * workers); peak RSS at 100,000 guests went from 330-350 MiB to under 300
 * (npm run bench). Node has no API for it without --expose-gc; setting the
 * flag at run time and taking `gc` from a new context is the known way
 * (the expose-gc package does the same).
 */
export function releaseSearchMemory(files: number): void {
  // A collection costs tens of milliseconds: only a fleet-sized search leaves enough behind.
  if (files < FLEET_FILES) return;
  if (!collect) {
    v8().setFlagsFromString('--expose-gc');
    collect = vm().runInNewContext('gc') as () => void;
  }
  collect();
}
