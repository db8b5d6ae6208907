import { lazyModule } from '@pcilint/core';

// A built-in loaded on first use: start-up pays only for what a run needs.
const crypto = lazyModule<typeof import('node:crypto')>('node:crypto', import.meta.url);

/**
 * Whether a file belongs to share `index` of `count` (1-based). Decided by a
 * hash of the path relative to the working directory, not by position in the
 * list, so a file stays in its share when others are added or removed and
 * every job of a CI matrix computes the same split without talking to the
 * others.
 */
export function inShard(relativePath: string, shard: { readonly index: number; readonly count: number }): boolean {
  const digest = crypto().createHash('sha1').update(relativePath.split('\\').join('/')).digest();
  return digest.readUInt32BE(0) % shard.count === shard.index - 1;
}
