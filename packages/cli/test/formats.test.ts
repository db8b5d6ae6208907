// Every --format over one fixture set (fixtures/formats/input), compared with
// the goldens in fixtures/formats/expected; --output-file; $GITHUB_STEP_SUMMARY;
// formatter packages resolved from the working directory.
// UPDATE_GOLDENS=1 rewrites the goldens (review the diff before committing).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { removeTree, repoRoot, runBin, runMain, tempTree } from './helpers.js';

const formatsDir = path.join(repoRoot, 'fixtures/formats');
const expectedDir = path.join(formatsDir, 'expected');
const update = process.env.UPDATE_GOLDENS === '1';
// The repository root is pinned (as GitHub's checkout directory), so URIs are repository-relative wherever the repo is.
const env = { GITHUB_WORKSPACE: repoRoot, CI_PROJECT_DIR: undefined, GITHUB_STEP_SUMMARY: undefined };

const GOLDENS: Record<string, string> = {
  stylish: 'stylish.txt',
  json: 'json.json',
  'json-with-metadata': 'json-with-metadata.json',
  sarif: 'sarif.sarif',
  junit: 'junit.xml',
  checkstyle: 'checkstyle.xml',
  compact: 'compact.txt',
  unix: 'unix.txt',
  github: 'github.txt',
  gitlab: 'gitlab.json',
  // Not built in: the npm package eslint-formatter-visualstudio, unchanged.
  visualstudio: 'eslint-formatter-visualstudio.txt',
};

/** Absolute paths of this checkout made relative, so goldens hold on any machine. */
function normalize(text: string): string {
  const root = pathToFileURL(repoRoot + path.sep).href;
  return text.split(root).join('file:///SRCROOT/').split(formatsDir + path.sep).join('').split(formatsDir).join('.');
}

function checkGolden(name: string, actual: string): void {
  const file = path.join(expectedDir, name);
  if (update || !existsSync(file)) {
    mkdirSync(expectedDir, { recursive: true });
    writeFileSync(file, actual);
    if (!update) assert.unreachable(`golden ${name} was missing and has been written: review and commit it`);
    return;
  }
  assert.fixture(actual, readFileSync(file, 'utf8'), name);
}

for (const [format, golden] of Object.entries(GOLDENS)) {
  test(`--format ${format} matches fixtures/formats/expected/${golden}`, async () => {
    const { code, stdout, stderr } = await runMain(['--format', format, 'input'], { cwd: formatsDir, env });
    assert.is(stderr, '');
    assert.is(code, 1, 'the fixture set has errors');
    checkGolden(golden, normalize(stdout));
  });
}

test('the github step summary is appended to $GITHUB_STEP_SUMMARY', async () => {
  const dir = tempTree({ 'summary.md': '## an earlier step\n' });
  try {
    const summary = path.join(dir, 'summary.md');
    const { code } = await runMain(['--format', 'github', 'input'], { cwd: formatsDir, env: { ...env, GITHUB_STEP_SUMMARY: summary } });
    assert.is(code, 1);
    const text = readFileSync(summary, 'utf8');
    assert.ok(text.startsWith('## an earlier step\n## pcilint\n'), text);
    checkGolden('github-step-summary.md', normalize(text.slice('## an earlier step\n'.length)));
  } finally {
    removeTree(dir);
  }
});

test('json-with-metadata carries ESLint\'s maxWarningsExceeded when --max-warnings is exceeded', async () => {
  const { code, stdout } = await runMain(['--format', 'json-with-metadata', '--max-warnings', '2', 'input'], { cwd: formatsDir, env });
  assert.is(code, 1);
  const { metadata } = JSON.parse(stdout) as { metadata: { cwd: string; maxWarningsExceeded?: unknown; rulesMeta: Record<string, { docs: { url: string } }> } };
  assert.equal(metadata.maxWarningsExceeded, { maxWarnings: 2, foundWarnings: 6 });
  assert.is(metadata.cwd, formatsDir);
  assert.is(metadata.rulesMeta['common/chassis-unique']?.docs.url, pathToFileURL(path.join(repoRoot, 'rules/common/docs/chassis-unique.md')).href);
  const within = await runMain(['--format', 'json-with-metadata', '--max-warnings', '6', 'input'], { cwd: formatsDir, env });
  assert.not.ok('maxWarningsExceeded' in (JSON.parse(within.stdout) as { metadata: object }).metadata);
});

test('--output-file writes the report there (directories created), nothing on stdout', async () => {
  const dir = tempTree();
  try {
    for (const format of ['stylish', 'sarif']) {
      const file = path.join(dir, 'reports', format, 'pcilint.out');
      const toFile = await runMain(['--format', format, '--output-file', file, 'input'], { cwd: formatsDir, env });
      const toStdout = await runMain(['--format', format, 'input'], { cwd: formatsDir, env });
      assert.is(toFile.code, 1);
      assert.is(toFile.stdout, '');
      assert.is(readFileSync(file, 'utf8'), toStdout.stdout, format);
    }
    // A clean run still writes the file (empty for stylish), so no stale report survives.
    const clean = path.join(dir, 'clean.txt');
    writeFileSync(clean, 'stale');
    const { code } = await runMain(['-o', clean, 'input/clean.xml'], { cwd: formatsDir, env });
    assert.is(code, 0);
    assert.is(readFileSync(clean, 'utf8'), '');
  } finally {
    removeTree(dir);
  }
});

test('--output-file naming a directory is an error (exit 2)', async () => {
  const dir = tempTree({ 'reports/keep': '' });
  try {
    const { code, stderr } = await runMain(['--output-file', 'reports', path.join(formatsDir, 'input/clean.xml')], { cwd: dir, env });
    assert.is(code, 2);
    assert.match(stderr, /cannot write the report to .*reports: it is a directory/);
  } finally {
    removeTree(dir);
  }
});

// A formatter installed in the project (not beside pcilint) is found from the working directory,
// pcilint-formatter-NAME before eslint-formatter-NAME, and gets ESLint's context.
test('formatter packages and paths resolve from the working directory', async () => {
  const formatter = (label: string) =>
    `module.exports = (results, context) => ${JSON.stringify(label)} + ' ' + results.map((r) => r.filePath.split('/').pop() + ':' + r.messages.map((m) => m.ruleId + '@' + m.nodePath).join(';')).join(' ') + ' rules=' + ('common/chassis-unique' in context.rulesMeta) + ' cwd=' + (context.cwd === process.argv0 ? '' : require('path').basename(context.cwd));\n`;
  const dir = tempTree({
    'node_modules/eslint-formatter-proof/package.json': '{"name":"eslint-formatter-proof","main":"index.js"}',
    'node_modules/eslint-formatter-proof/index.js': formatter('eslint'),
    'node_modules/pcilint-formatter-both/package.json': '{"name":"pcilint-formatter-both","main":"index.js"}',
    'node_modules/pcilint-formatter-both/index.js': formatter('pcilint'),
    'node_modules/eslint-formatter-both/package.json': '{"name":"eslint-formatter-both","main":"index.js"}',
    'node_modules/eslint-formatter-both/index.js': formatter('eslint'),
    'my-formatter.cjs': formatter('path'),
    'guest.xml': readFileSync(path.join(formatsDir, 'input/q35-errors.xml'), 'utf8'),
  });
  try {
    const expected = (label: string) =>
      `${label} guest.xml:common/spare-pcie-ports@/domain/devices/controller[@type='pci'][@index='2'];common/chassis-unique@/domain/devices/controller[@type='pci'][@index='2'];common/endpoint-not-hotpluggable@/domain/devices/disk[target/@dev='vda'] rules=true cwd=${path.basename(dir)}\n`;
    for (const [format, label] of [['proof', 'eslint'], ['eslint-formatter-proof', 'eslint'], ['both', 'pcilint'], ['./my-formatter.cjs', 'path']] as const) {
      const { code, stdout, stderr } = await runMain(['--format', format, 'guest.xml'], { cwd: dir, env });
      assert.is(stderr, '', format);
      assert.is(code, 1, format);
      assert.is(stdout, expected(label), format);
    }
    const missing = await runMain(['--format', 'nonesuch', 'guest.xml'], { cwd: dir, env });
    assert.is(missing.code, 2);
    assert.match(missing.stderr, 'pcilint-formatter-nonesuch or eslint-formatter-nonesuch');
  } finally {
    removeTree(dir);
  }
});

test('a formatter package beside the --config file is found from another working directory', async () => {
  const dir = tempTree({
    'project/.pcilintrc.json': '{}',
    'project/node_modules/pcilint-formatter-count/package.json': '{"name":"pcilint-formatter-count","main":"index.js"}',
    'project/node_modules/pcilint-formatter-count/index.js': 'module.exports = (results) => `${results.length} file(s)`;\n',
    'elsewhere/guest.xml': readFileSync(path.join(formatsDir, 'input/clean.xml'), 'utf8'),
  });
  try {
    const { code, stdout, stderr } = await runMain(['--config', '../project/.pcilintrc.json', '--format', 'count', 'guest.xml'], { cwd: path.join(dir, 'elsewhere'), env });
    assert.is(stderr, '');
    assert.is(code, 0);
    assert.is(stdout, '1 file(s)\n');
  } finally {
    removeTree(dir);
  }
});

test('the built bin writes SARIF to --output-file', () => {
  const dir = tempTree();
  try {
    const file = path.join(dir, 'out/pcilint.sarif');
    const { code, stdout } = runBin(['-f', 'sarif', '-o', file, 'input/q35-errors.xml'], { cwd: formatsDir, env });
    assert.is(code, 1);
    assert.is(stdout, '');
    const sarif = JSON.parse(readFileSync(file, 'utf8')) as { version: string; runs: { results: { ruleId: string }[] }[] };
    assert.is(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0]!.results.map((r) => r.ruleId), ['common/spare-pcie-ports', 'common/chassis-unique', 'common/endpoint-not-hotpluggable']);
  } finally {
    removeTree(dir);
  }
});

test.run();
