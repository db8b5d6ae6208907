// The start-up bundle: the CLI, core, the formatters and the built-in packs in one CommonJS file,
// packages/cli/bundle/pcilint.cjs, which bin/pcilint.cjs compiles with a V8 code cache
// (pcilint.cjs.cache, written here by linting the bundled examples once).
//
// Why: Node 20 has no compile cache for ES modules. A one-file run spent about a third of its time in
// the ESM loader, in compiling some 480 KB of modules and in running their code cold, against
// `node -e ""` (docs/performance.md, cold start). A classic script can be compiled from V8's cached
// data, bytecode of every function the examples ran included.
//
// What a classic script cannot do, rewritten here in the compiled modules (dist/) before bundling,
// with TypeScript's parser so only real syntax is touched:
// - import.meta.url becomes __pcilint.moduleUrl('<package>'): the URL of <package dir>/bundle/index.js,
//   found at run time, so `new URL('../docs/', import.meta.url)` and createRequire(import.meta.url)
//   mean what they mean in the ES module bundles.
// - import() of anything but our own packages and modules (which are bundled) becomes
//   __pcilint.import(specifier, '<package>'): a vm script may not use import() on Node 20 without
//   --experimental-vm-modules. Bare names are imported through <package dir>/bundle/import.js (an
//   ES module written here), so they resolve from the package that depends on them.
// Every other bare import stays external and is required from packages/cli/bundle; a static import
// of a third-party package from another package would resolve from the wrong directory, so the
// build refuses one.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import ts from 'typescript';
import { build } from 'esbuild';

/** Packages bundled into the start-up bundle: directory -> package name. */
const BUNDLED = {
  'packages/cli': 'pcilint',
  'packages/core': '@pcilint/core',
  'packages/formatters': '@pcilint/formatters',
  'rules/common': '@pcilint/rules-common',
  'rules/q35': '@pcilint/rules-q35',
  'rules/i440fx': '@pcilint/rules-i440fx',
  'rules/pseries': '@pcilint/rules-pseries',
  'rules/mach-virt': '@pcilint/rules-mach-virt',
};

export const STARTUP_BUNDLE = 'packages/cli/bundle/pcilint.cjs';

export async function buildStartupBundle(root, { minifyWhitespace }) {
  const dirOfName = Object.fromEntries(Object.entries(BUNDLED).map(([dir, name]) => [name, path.join(root, dir)]));
  const packageOf = (file) => Object.entries(BUNDLED).find(([dir]) => file.startsWith(path.join(root, dir, 'dist') + path.sep));
  const outfile = path.join(root, STARTUP_BUNDLE);
  await build({
    entryPoints: [path.join(root, 'packages/cli/dist/bin.js')],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    minifyWhitespace,
    minifySyntax: true,
    logLevel: 'warning',
    plugins: [
      {
        name: 'pcilint-startup',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => {
            if (Object.hasOwn(dirOfName, args.path)) return { path: path.join(dirOfName[args.path], 'dist/index.js') };
            const from = packageOf(args.importer);
            if (from && from[1] !== 'pcilint' && args.kind === 'import-statement' && !args.path.startsWith('node:')) {
              return { errors: [{ text: `${args.path} is imported statically by ${from[1]}: the start-up bundle would require it from the CLI's directory; load it with lazyModule(name, import.meta.url)` }] };
            }
            return { external: true };
          });
          b.onLoad({ filter: /\/dist\/.*\.js$/ }, (args) => {
            const owner = packageOf(args.path);
            if (!owner) return undefined;
            return { contents: rewriteModule(readFileSync(args.path, 'utf8'), args.path, owner[1]), loader: 'js', resolveDir: path.dirname(args.path) };
          });
        },
      },
    ],
  });
  // bin.js's hashbang would be a syntax error inside the function the bin wraps the bundle in (same length: the map holds).
  writeFileSync(outfile, readFileSync(outfile, 'utf8').replace(/^#!.*/, (line) => '//'.padEnd(line.length, ' ')));
  for (const dir of Object.keys(BUNDLED)) {
    writeFileSync(
      path.join(root, dir, 'bundle/import.js'),
      '// Written by scripts/startup-bundle.mjs: import() from this package, for the start-up bundle (bin/pcilint.cjs).\nexport default (specifier) => import(specifier);\n',
    );
  }
  writeCodeCache(root);
}

export function cleanStartupBundle(root) {
  for (const suffix of ['', '.map', '.cache']) rmSync(path.join(root, STARTUP_BUNDLE + suffix), { force: true });
}

/** import.meta.url and foreign import() calls of one compiled module, rewritten (see the top of this file). */
function rewriteModule(source, file, packageName) {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const edits = [];
  const visit = (node) => {
    if (ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword && node.name.text === 'meta' && ts.isPropertyAccessExpression(node.parent) && node.parent.name.text === 'url') {
      edits.push({ start: node.parent.getStart(sourceFile), end: node.parent.getEnd(), text: `__pcilint.moduleUrl(${JSON.stringify(packageName)})` });
      return;
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [specifier] = node.arguments;
      if (ts.isStringLiteralLike(specifier) && (specifier.text.startsWith('.') || Object.values(BUNDLED).includes(specifier.text))) return;
      edits.push({ start: node.expression.getStart(sourceFile), end: node.expression.getEnd(), text: '__pcilint.import' });
      edits.push({ start: node.arguments.end, end: node.arguments.end, text: `, ${JSON.stringify(packageName)}` });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  let out = source;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/**
 * Lints the bundled examples once through bin/pcilint.cjs, which then writes V8's cached data for
 * the bundle (the bytecode of every function that ran). A Node whose V8 differs rejects the cache
 * and compiles the bundle as if there were none.
 */
function writeCodeCache(root) {
  rmSync(path.join(root, STARTUP_BUNDLE + '.cache'), { force: true });
  const examples = path.join(root, 'fixtures/examples');
  const run = spawnSync(process.execPath, [path.join(root, 'packages/cli/bin/pcilint.cjs'), '--no-config-lookup', '--format', 'json', examples], {
    cwd: root,
    env: { ...process.env, PCILINT_WRITE_CODE_CACHE: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  // Exit status 1 is findings (the examples have some); the cache must exist afterwards either way.
  if ((run.status !== 0 && run.status !== 1) || !existsSync(path.join(root, STARTUP_BUNDLE + '.cache'))) {
    throw new Error(`writing the code cache: pcilint exited with ${run.status}: ${run.stderr}`);
  }
}
