#!/usr/bin/env node
'use strict';
// The `pcilint` command. It runs the start-up bundle (../bundle/pcilint.cjs: the CLI, core, the
// formatters and the built-in packs in one CommonJS file, scripts/startup-bundle.mjs), compiled from
// V8's cached data when the build left some for this Node (../bundle/pcilint.cjs.cache). Node 20
// caches no compiled ES modules: this is most of what a one-file run costs beyond `node -e ""`.
//
// A committed file, not a build output: npm links package bins before the root `prepare` script
// builds bundle/, and a fresh clone's `npm ci` skipped the link of a file that did not exist yet.
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { createRequire } = require('node:module');
const vm = require('node:vm');

const bundle = path.join(__dirname, '../bundle/pcilint.cjs');
const cacheFile = `${bundle}.cache`;
const packageDir = path.join(__dirname, '..');
const requireFromBundle = createRequire(bundle);

let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // No cache (a build that skipped it): compiled from source.
}
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __pcilint) {${readFileSync(bundle, 'utf8')}\n})`, {
  filename: bundle,
  cachedData,
});
if (process.env.PCILINT_DEBUG_CODE_CACHE) {
  process.stderr.write(`pcilint: code cache ${cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted'}\n`);
}
if (process.env.PCILINT_WRITE_CODE_CACHE) {
  // After the run, so the cache holds the bytecode of every function the run compiled.
  process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
}

const moduleUrls = new Map();
const gateways = new Map();
/** What the bundle uses in place of import.meta.url and import() (see scripts/startup-bundle.mjs). */
const host = {
  /** The URL of <package dir>/bundle/index.js, which import.meta.url means in the package's ES module bundle. */
  moduleUrl(packageName) {
    let url = moduleUrls.get(packageName);
    if (url === undefined) {
      const file = packageName === 'pcilint' ? path.join(packageDir, 'bundle/index.js') : requireFromBundle.resolve(packageName);
      url = pathToFileURL(path.join(path.dirname(file), 'index.js')).href;
      moduleUrls.set(packageName, url);
    }
    return url;
  },
  /** import() as written in `packageName`: a URL or a path as is, a bare name through that package's bundle/import.js. */
  import(specifier, packageName) {
    if (/^(file|data|node):/.test(specifier) || path.isAbsolute(specifier)) return import(specifier);
    let gateway = gateways.get(packageName);
    if (gateway === undefined) {
      gateway = import(new URL('./import.js', host.moduleUrl(packageName)).href).then((m) => m.default);
      gateways.set(packageName, gateway);
    }
    return gateway.then((importFromPackage) => importFromPackage(specifier));
  },
};

const module_ = { exports: {} };
script.runInThisContext()(module_.exports, requireFromBundle, module_, bundle, path.dirname(bundle), host);
