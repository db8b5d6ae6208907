#!/usr/bin/env node
// The root `prepare` script: builds the repository with `tsc -b`, then bundles it (scripts/bundle.mjs).
//
// Why more than `tsc -b`: pre-commit installs a `language: node` hook
// repository with `npm install -g git+file://CLONE`. npm then "prepares" the
// git dependency: it runs `npm install` in a temporary clone and then this
// script. pre-commit sets npm_config_prefix to the hook's environment, and
// with a prefix set that inner `npm install` installs into the environment
// instead of the clone, so the clone has no node_modules and no TypeScript.
// When TypeScript is missing here, install the locked dependencies into this
// directory (without the prefix) first, then build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync(path.join(root, 'node_modules/typescript/bin/tsc'))) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_(prefix|global|location)$/i.test(key)));
  // --ignore-scripts: this script is the root's only build step and runs next.
  run(npm[0], [...npm.slice(1), 'ci', '--ignore-scripts', '--no-audit', '--no-fund', '--include=dev'], env);
}
run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b']);
run(process.execPath, [path.join(root, 'scripts/bundle.mjs')]);
