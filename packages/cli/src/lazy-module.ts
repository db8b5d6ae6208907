import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS package loaded on first call rather than at start-up: yaml alone
 * is 72 modules, which a one-file run that reads no YAML should not pay for
 * (docs/performance.md, cold start).
 */
export function lazyModule<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
