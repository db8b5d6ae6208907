#!/usr/bin/env node
// Bundles each published package's compiled modules (dist/, from `tsc -b`) into a few files under
// bundle/, which is what package.json's "exports" and "bin" point at.
//
// Why: a one-file run spent most of its start-up in Node's ESM loader resolving, reading and
// linking some 250 modules (docs/performance.md). One file per entry point (plus shared chunks for
// what is imported lazily) removes that cost. Every bare import stays external, so all packages,
// and any user pack that imports @pcilint/core, share one copy of each package.
//
// bundle/ sits beside dist/, so `new URL('../x', import.meta.url)` inside a package means the same
// file from either directory.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildStartupBundle, cleanStartupBundle } from './startup-bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Package directory -> entry points (names of compiled modules in dist/). */
const PACKAGES = {
  'packages/core': ['index'],
  'packages/formatters': ['index'],
  'packages/cli': ['index', 'lint-worker'],
  'rules/common': ['index'],
  'rules/q35': ['index'],
  'rules/i440fx': ['index'],
  'rules/pseries': ['index'],
  'rules/mach-virt': ['index'],
};

const clean = process.argv.includes('--clean');
// PCILINT_BUNDLE_READABLE=1 keeps line breaks, so a CPU profile's line numbers mean something.
const minifyWhitespace = !process.env.PCILINT_BUNDLE_READABLE;

await Promise.all(
  Object.entries(PACKAGES).map(async ([dir, entries]) => {
    const outdir = path.join(root, dir, 'bundle');
    rmSync(outdir, { recursive: true, force: true });
    if (clean) return;
    return build({
      entryPoints: entries.map((name) => path.join(root, dir, 'dist', `${name}.js`)),
      outdir,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      sourcemap: 'linked',
      minifyWhitespace,
      minifySyntax: true,
      // The chunks share bundle/ with the entries: import.meta.url means the same directory in all.
      chunkNames: 'chunk-[hash]',
      logLevel: 'warning',
    });
  }),
);

// The bin's bundle (after the others: writing its code cache runs pcilint).
if (clean) cleanStartupBundle(root);
else await buildStartupBundle(root, { minifyWhitespace });
