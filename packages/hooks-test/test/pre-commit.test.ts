// pcilint's .pre-commit-hooks.yaml under the real pre-commit tool, in scratch
// repositories, as a user would use it: the `repo:` form (pre-commit clones
// this repository at its HEAD commit and installs it) and the `repo: local`
// form. pre-commit must be installed (.ci/precommit-setup.sh): without it
// these tests fail, they do not skip.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cliBin, copyFixture, fixtureText, git, jsonResults, quietEnv, readText, removeTree, repoRoot, run, scratchRepo, writeFile } from './scratch-repo.js';

const ROOT_RULE = 'common/root-model-matches-machine';
const bad = fixtureText('q35-pci-root.xml');
// The hook environment is installed once for all the tests of this file.
const home = mkdtempSync(path.join(os.tmpdir(), 'pcilint-pre-commit-home-'));
const env = quietEnv({ PRE_COMMIT_HOME: home, PRE_COMMIT_COLOR: 'never' });
// pre-commit clones a commit: the hooks of the checked-out HEAD are what a user at this commit gets.
const rev = git(repoRoot, 'rev-parse', 'HEAD').trim();

function preCommit(repo: string, ...args: string[]) {
  return run('pre-commit', args, repo, env);
}

function remoteConfig(hook: string, args: readonly string[] = []): string {
  return [
    'repos:',
    `  - repo: ${repoRoot}`,
    `    rev: ${rev}`,
    '    hooks:',
    `      - id: ${hook}`,
    '        verbose: true',
    ...(args.length > 0 ? [`        args: [${args.join(', ')}]`] : []),
    '',
  ].join('\n');
}

// A failed test, not a failed hook: uvu reports an error thrown in test.before() as 0 passed with exit status 0.
test('pre-commit is installed (.ci/precommit-setup.sh)', () => {
  let version;
  try {
    version = run('pre-commit', ['--version'], repoRoot, env);
  } catch (error) {
    throw new Error(`pre-commit is not installed: run .ci/precommit-setup.sh (${String(error)})`);
  }
  assert.ok(version.code === 0 && /^pre-commit \d/.test(version.output), version.output);
});

test.after(() => removeTree(home));

test('pcilint hook (repo: form): only the staged files, as staged, are linted; a commit with an error is refused', () => {
  const repo = scratchRepo('pre-commit');
  try {
    writeFile(repo, '.pre-commit-config.yaml', remoteConfig('pcilint', ['-f', 'json']));
    copyFixture(repo, 'clean-q35.xml', 'guests/good.xml');
    copyFixture(repo, 'q35-pci-root.xml', 'guests/bad.xml');
    git(repo, 'add', '.pre-commit-config.yaml', 'guests/good.xml', 'guests/bad.xml');
    // An unstaged bad change to a staged good file, and an untracked bad file: neither is committed, neither may fail the hook.
    writeFile(repo, 'guests/good.xml', bad);
    copyFixture(repo, 'q35-pci-root.xml', 'guests/untracked.xml');
    writeFile(repo, 'README.txt', 'not a guest\n');
    git(repo, 'add', 'README.txt');

    const first = preCommit(repo, 'run');
    assert.is(first.code, 1, first.output);
    assert.match(first.output, /pcilint\.+Failed/);
    const results = jsonResults(first.output).sort((a, b) => a.filePath.localeCompare(b.filePath));
    assert.equal(results.map((r) => r.filePath), [path.join(repo, 'guests/bad.xml'), path.join(repo, 'guests/good.xml')], first.output);
    assert.equal(results[0].messages.map((m) => m.ruleId), [ROOT_RULE]);
    assert.is(results[1].errorCount + results[1].warningCount, 0, 'good.xml is linted as staged, not as in the work tree');
    assert.is(readText(repo, 'guests/good.xml'), bad, 'the unstaged change is restored');

    // The same through git's own pre-commit hook.
    assert.is(preCommit(repo, 'install').code, 0);
    const refused = run('git', ['commit', '-q', '-m', 'add guests'], repo, env);
    assert.is(refused.code, 1, refused.output);
    assert.match(refused.output, /root-model-matches-machine/);
    git(repo, 'rm', '-q', '--cached', 'guests/bad.xml');
    const accepted = run('git', ['commit', '-q', '-m', 'add the good guest'], repo, env);
    assert.is(accepted.code, 0, accepted.output);
    assert.match(accepted.output, /pcilint\.+Passed/);
    assert.equal(git(repo, 'ls-tree', '-r', '--name-only', 'HEAD').trim().split('\n'), ['.pre-commit-config.yaml', 'README.txt', 'guests/good.xml']);
    assert.is(git(repo, 'show', 'HEAD:guests/good.xml'), fixtureText('clean-q35.xml'));
  } finally {
    removeTree(repo);
  }
});

test('pcilint-fix hook (repo: form): fixes the staged files, leaves unstaged changes alone, passes once the fix is staged', () => {
  const repo = scratchRepo('pre-commit-fix');
  try {
    writeFile(repo, '.pre-commit-config.yaml', remoteConfig('pcilint-fix'));
    copyFixture(repo, 'q35-pci-root.xml', 'bad.xml');
    copyFixture(repo, 'clean-q35.xml', 'other.xml');
    git(repo, 'add', '-A');
    const unstaged = fixtureText('clean-q35.xml').replace('</domain>', '  <!-- work in progress -->\n</domain>');
    writeFile(repo, 'other.xml', unstaged);

    const fixing = preCommit(repo, 'run');
    // pre-commit fails a hook that changed files, so that the user sees and stages the fix.
    assert.is(fixing.code, 1, fixing.output);
    assert.match(fixing.output, /files were modified by this hook/);
    assert.match(fixing.output, /Fixed 1 problem in 1 file: common\/root-model-matches-machine 1/);
    assert.is(readText(repo, 'bad.xml'), fixtureText('q35-pci-root.fixed.xml'));
    assert.is(git(repo, 'show', ':bad.xml'), bad, 'the index is not changed: the user stages the fix');
    assert.is(readText(repo, 'other.xml'), unstaged, 'the unstaged change is restored');

    git(repo, 'add', 'bad.xml');
    const fixed = preCommit(repo, 'run');
    assert.is(fixed.code, 0, fixed.output);
    assert.match(fixed.output, /pcilint --fix\.+Passed/);
  } finally {
    removeTree(repo);
  }
});

test('repo: local with language: system runs a pcilint installed in the project, on the staged files only', () => {
  const repo = scratchRepo('pre-commit-local');
  try {
    writeFile(
      repo,
      '.pre-commit-config.yaml',
      [
        'repos:',
        '  - repo: local',
        '    hooks:',
        '      - id: pcilint',
        '        name: pcilint',
        // A project would write `entry: npx --no-install pcilint` with pcilint in its devDependencies.
        `        entry: node ${cliBin} -f json`,
        '        language: system',
        "        files: '\\.(xml|args)$'",
        '        verbose: true',
        '',
      ].join('\n'),
    );
    copyFixture(repo, 'clean-q35.xml', 'good.xml');
    // A staged file .pcilintignore excludes: warned about, it does not fail the hook.
    writeFile(repo, '.pcilintignore', 'vendor/\n');
    copyFixture(repo, 'q35-pci-root.xml', 'vendor/upstream.xml');
    git(repo, 'add', '-A');
    copyFixture(repo, 'q35-pci-root.xml', 'untracked.xml');

    const passing = preCommit(repo, 'run');
    assert.is(passing.code, 0, passing.output);
    const passed = jsonResults(passing.output).sort((a, b) => a.filePath.localeCompare(b.filePath));
    assert.equal(passed.map((r) => r.filePath), [path.join(repo, 'good.xml'), path.join(repo, 'vendor/upstream.xml')]);
    assert.equal(passed.map((r) => [r.errorCount, r.warningCount]), [[0, 0], [0, 1]]);
    assert.match(passed[1].messages[0].message, /^File ignored because of a matching ignore pattern/);

    git(repo, 'add', 'untracked.xml');
    const failing = preCommit(repo, 'run');
    assert.is(failing.code, 1, failing.output);
    const results = jsonResults(failing.output);
    assert.equal(results.map((r) => r.filePath).sort(), ['good.xml', 'untracked.xml', 'vendor/upstream.xml'].map((f) => path.join(repo, f)));
    assert.is(results.find((r) => r.filePath.endsWith('untracked.xml'))!.errorCount, 1);
  } finally {
    removeTree(repo);
  }
});

test.run();
