import { createRequire } from 'node:module';

/**
 * A CommonJS package or a Node built-in, loaded on first call rather than at
 * start-up. A one-file run used to load yaml (72 modules), saxes, picomatch,
 * crypto and child_process although it needed none of them: module loading
 * was most of pcilint's start-up (docs/performance.md, cold start).
 * `from` is the caller's import.meta.url: a package resolves from the
 * package that depends on it.
 */
export function lazyModule<T>(name: string, from: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= createRequire(from)(name) as T);
}
