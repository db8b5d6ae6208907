/**
 * Issue 14 part 9: pcilint installs like any npm tool. The published
 * packages (pcilint, @pcilint/core, the five rule packs) are packed with
 * `npm pack` and installed into an empty project outside this repository,
 * where `npx pcilint` runs, TypeScript resolves @pcilint/core's types, and a
 * local pack written in TypeScript against @pcilint/core (the one
 * docs/writing-packs.md walks through) loads and reports.
 *
 * Needs `npm run build` first (it packs dist/ and bundle/) and the npm registry for the
 * packages' own dependencies (ajv, saxes, chalk, ...). Run: npm run test:packaging.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixtures = path.join(repoRoot, 'fixtures/packaging');
const PUBLISHED = ['@pcilint/core', '@pcilint/formatters', 'pcilint', '@pcilint/rules-common', '@pcilint/rules-q35', '@pcilint/rules-i440fx', '@pcilint/rules-pseries', '@pcilint/rules-mach-virt'];
const PACKS = ['common', 'q35', 'i440fx', 'pseries', 'mach-virt'];
const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
const repoBin = path.join(repoRoot, 'packages/cli/bin/pcilint.cjs');

/** The environment without what `npm run` adds (npm_config_local_prefix would point npm back at this repository). */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || /^npm_/i.test(key) || ['NODE_OPTIONS', 'INIT_CWD', 'NO_COLOR', 'FORCE_COLOR'].includes(key)) continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1' };
}

function run(command: string, args: readonly string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, env: cleanEnv(), encoding: 'utf8', timeout: 300_000 });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const work = mkdtempSync(path.join(os.tmpdir(), 'pcilint-packaging-'));
const project = path.join(work, 'project');
const acme = path.join(project, 'acme');
let packed: { name: string; filename: string; files: { path: string }[] }[] = [];

const install = suite('npm pack, npm install into an empty project');

// uvu reports a failing before hook as "(0 / 8)" and nothing else: the reason is printed here.
install.before(() => {
  try {
    setUp();
  } catch (error) {
    console.error('packaging suite set-up failed:', error);
    throw error;
  }
});

function setUp(): void {
  for (const dist of ['packages/core/bundle/index.js', 'packages/cli/bundle/pcilint.cjs', ...PACKS.map((p) => `rules/${p}/bundle/index.js`)]) {
    if (!existsSync(path.join(repoRoot, dist))) throw new Error(`${dist} is missing: run "npm run build" at the repository root first`);
  }
  const workspaces = PUBLISHED.flatMap((name) => ['-w', name]);
  // --ignore-scripts: dist/ and bundle/ are already built; packing must not rebuild the workspace.
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work, ...workspaces], { cwd: repoRoot, env: cleanEnv(), encoding: 'utf8' });
  packed = JSON.parse(out);
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'try-pcilint', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
  const tarballs = packed.map((p) => `../${p.filename}`);
  const installed = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], project);
  if (installed.code !== 0) throw new Error(`npm install failed:\n${installed.stderr}`);
  // The local pack lives in a folder of its own, with the configuration that loads it and its docs/.
  cpSync(path.join(fixtures, 'acme'), acme, { recursive: true });
  // The pack is TypeScript: compiled once here against the installed @pcilint/core, as its author would.
  const compiled = run(process.execPath, [tsc, '-p', '.'], acme);
  if (compiled.code !== 0) throw new Error(`tsc failed in ${acme}:\n${compiled.stdout}${compiled.stderr}`);
  copyFileSync(path.join(repoRoot, 'fixtures/examples/q35-crowded-ports.xml'), path.join(project, 'q35-crowded-ports.xml'));
}

install.after(() => rmSync(work, { recursive: true, force: true }));

install('every published package is packed with what it needs and nothing of the repository', () => {
  assert.equal(packed.map((p) => p.name).sort(), [...PUBLISHED].sort());
  for (const p of packed) {
    const files = p.files.map((f) => f.path);
    assert.ok(files.includes('package.json') && files.includes('dist/index.js') && files.includes('dist/index.d.ts'), `${p.name}: ${files.join(' ')}`);
    assert.not.ok(files.some((f) => /^(src|test)\//.test(f) || f.endsWith('.tsbuildinfo')), `${p.name} ships sources or build state`);
  }
  for (const pack of PACKS) {
    const tarball = packed.find((p) => p.name === `@pcilint/rules-${pack}`)!;
    const pages = readdirSync(path.join(repoRoot, 'rules', pack, 'docs')).map((f) => `docs/${f}`);
    assert.ok(pages.length > 0);
    for (const page of pages) assert.ok(tarball.files.some((f) => f.path === page), `${tarball.name} lacks ${page}`);
  }
});

install('npx pcilint --version is the version of the pcilint package', () => {
  const { code, stdout } = run('npx', ['--no-install', 'pcilint', '--version'], project);
  const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'packages/cli/package.json'), 'utf8')) as { version: string };
  assert.is(code, 0);
  assert.is(stdout, `${version}\n`);
});

install('the installed pcilint reports exactly what the repository\'s does', () => {
  const installed = run('npx', ['--no-install', 'pcilint', '--format', 'json', 'q35-crowded-ports.xml'], project);
  const here = run(process.execPath, [repoBin, '--format', 'json', 'q35-crowded-ports.xml'], project);
  assert.is(installed.code, 1, installed.stderr);
  assert.is(installed.stdout, here.stdout);
  const [result] = JSON.parse(installed.stdout) as { messages: { ruleId: string; severity: number }[] }[];
  assert.equal(result!.messages.map((m) => [m.ruleId, m.severity]), [
    ['common/spare-pcie-ports', 1], ['common/chassis-unique', 2], ['common/endpoint-not-hotpluggable', 1],
  ]);
});

install('explain prints the page shipped inside the installed pack (no network)', () => {
  const { code, stdout } = run('npx', ['--no-install', 'pcilint', 'explain', 'q35/no-pci-expander-bus'], project);
  assert.is(code, 0);
  const page = path.join(project, 'node_modules/@pcilint/rules-q35/docs/no-pci-expander-bus.md');
  assert.ok(stdout.includes(`\npage              ${pathToFileURL(page).href}\n`), stdout.slice(0, 800));
  assert.ok(stdout.endsWith(`${readFileSync(page, 'utf8').trimEnd()}\n`));
});

install('TypeScript resolves @pcilint/core\'s types: the pack of docs/writing-packs.md compiles, a wrong one does not', () => {
  const good = run(process.execPath, [tsc, '-p', '.'], acme);
  assert.is(good.code, 0, good.stdout);
  assert.ok(statSync(path.join(acme, 'acme-pack.js')).isFile());
  writeFileSync(path.join(acme, 'wrong.ts'), `import { defineRule } from '@pcilint/core';
export const r = defineRule({
  meta: { id: 'acme/x', type: 'problem', docs: { description: 'x' }, defaultSeverity: 'high', messages: {} },
  check(graph, context) { context.report({ messageId: 'x', node: graph.prediction }); },
});
`);
  writeFileSync(path.join(acme, 'tsconfig.wrong.json'), JSON.stringify({ extends: './tsconfig.json', compilerOptions: { noEmit: true }, files: ['wrong.ts'] }));
  const bad = run(process.execPath, [tsc, '-p', 'tsconfig.wrong.json'], acme);
  assert.ok(bad.code !== 0);
  assert.match(bad.stdout, /wrong\.ts\(3,\d+\): error TS2322: Type '"high"' is not assignable to type '"error" \| "warn"'/);
  assert.match(bad.stdout, /wrong\.ts\(4,\d+\): error TS2339: Property 'prediction' does not exist on type 'DeviceGraph'/);
});

install('a local pack importing @pcilint/core loads from the configuration and reports from the prediction', () => {
  const { code, stdout, stderr } = run('npx', ['--no-install', 'pcilint', '--format', 'json', 'guest.xml'], acme);
  assert.is(stderr, '');
  assert.is(code, 1);
  const [result] = JSON.parse(stdout) as { messages: Record<string, unknown>[] }[];
  assert.equal(result!.messages.filter((m) => m.ruleId === 'acme/max-added-root-ports').map((m) => ({ severity: m.severity, line: m.line, column: m.column, message: m.message })), [{
    severity: 2, line: 1, column: 1,
    message: 'libvirt will add 5 pcie-root-port controller(s) at define time (indexes 1, 2, 3, 4, 5); at most 1 allowed: write them in the XML',
  }]);
  const listed = run('npx', ['--no-install', 'pcilint', '--list-rules', '--format', 'json'], acme);
  const row = (JSON.parse(listed.stdout) as { id: string; pack: string; severity: string }[]).find((r) => r.id === 'acme/max-added-root-ports');
  assert.equal(row && { pack: row.pack, severity: row.severity }, { pack: 'acme', severity: 'error' });
  // Its page comes from the pack's own docs/ folder (definePack's `docs`), as for the built-in packs.
  const explained = run('npx', ['--no-install', 'pcilint', 'explain', 'acme/max-added-root-ports'], acme);
  assert.is(explained.code, 0, explained.stderr);
  const page = path.join(acme, 'docs/max-added-root-ports.md');
  assert.ok(explained.stdout.includes(`\npage              ${pathToFileURL(page).href}\n`), explained.stdout);
  assert.ok(explained.stdout.includes('\nOptions schema:\n'));
  assert.ok(explained.stdout.endsWith(`${readFileSync(page, 'utf8').trimEnd()}\n`));
});

install('the pack runs in code too: resolveConfig validates its options against the schema, lintText reports', () => {
  const { code, stdout, stderr } = run(process.execPath, ['lint-in-code.mjs'], acme);
  assert.is(stderr, '');
  assert.is(code, 0);
  assert.is(stdout, '1:1 error acme/max-added-root-ports: libvirt will add 5 pcie-root-port controller(s) at define time (indexes 1, 2, 3, 4, 5); at most 1 allowed: write them in the XML\n');
  writeFileSync(path.join(acme, 'bad-options.mjs'), readFileSync(path.join(acme, 'lint-in-code.mjs'), 'utf8').replace('{ max: 1 }', '{ max: -1 }'));
  const bad = run(process.execPath, ['bad-options.mjs'], acme);
  assert.is(bad.code, 1);
  assert.match(bad.stderr, /acme\/max-added-root-ports/);
});

install('no installed file cites the team\'s internal brief', () => {
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\bbrief\b|pci-domain-brief/i.test(readFileSync(file, 'utf8'))) offenders.push(path.relative(project, file));
    }
  };
  for (const name of PUBLISHED) walk(path.join(project, 'node_modules', name));
  assert.equal(offenders, []);
});

install.run();
