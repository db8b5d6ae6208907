// .pcilintignore: excluded files are not linted; a named one is reported with ESLint's "File ignored" warning.
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseJsonOutput, readFixture, removeTree, runMain, tempTree } from './helpers.js';

const wrongRoot = readFixture('q35-pci-root.xml');
const IGNORED = 'File ignored because of a matching ignore pattern. Use "--no-ignore" to disable file ignore settings or use "--no-warn-ignored" to suppress this warning.';

function project(): string {
  return tempTree({
    '.pcilintignore': '# generated guests (gitignore syntax: a file is re-included only when its directory is not excluded)\ngenerated/*\n!generated/keep.xml\n',
    'generated/a.xml': wrongRoot,
    'generated/keep.xml': wrongRoot,
    'hand/b.xml': wrongRoot,
  });
}

test('a directory search leaves out what .pcilintignore excludes, silently; a negated pattern is linted', async () => {
  const dir = project();
  try {
    const { code, stdout } = await runMain(['--no-config-lookup', '-f', 'json', '.'], { cwd: dir });
    assert.is(code, 1);
    assert.equal(parseJsonOutput(stdout).map((r) => path.relative(dir, r.filePath)), ['generated/keep.xml', 'hand/b.xml']);
  } finally {
    removeTree(dir);
  }
});

test('a named ignored file (absolute or relative) gives one warning at 0:0 and exit 0, as ESLint', async () => {
  const dir = project();
  try {
    const json = await runMain(['--no-config-lookup', '-f', 'json', path.join(dir, 'generated/a.xml')], { cwd: dir });
    assert.is(json.code, 0);
    const [result] = parseJsonOutput(json.stdout);
    assert.equal(result.messages, [{ ruleId: null, severity: 1, message: IGNORED, line: 0, column: 0, endLine: 0, endColumn: 0 }]);
    assert.is(result.warningCount, 1);
    const stylish = await runMain(['--no-config-lookup', 'generated/a.xml'], { cwd: dir });
    assert.is(stylish.code, 0);
    assert.is(
      stylish.stdout,
      // Wrapped to 80 columns (stdout is not a terminal), as every stylish message.
      `\n${path.join(dir, 'generated/a.xml')}\n  0:0  warning  File ignored because of a matching ignore pattern. Use\n                "--no-ignore" to disable file ignore settings or use\n                "--no-warn-ignored" to suppress this warning\n\n✖ 1 problem (0 errors, 1 warning)\n\n`,
    );
    // --max-warnings 0 counts it, as ESLint does: that is what --no-warn-ignored is for.
    assert.is((await runMain(['--no-config-lookup', '--max-warnings', '0', 'generated/a.xml'], { cwd: dir })).code, 1);
  } finally {
    removeTree(dir);
  }
});

test('--no-warn-ignored drops a named ignored file silently; --no-ignore lints it', async () => {
  const dir = project();
  try {
    const quiet = await runMain(['--no-config-lookup', '-f', 'json', '--no-warn-ignored', '--max-warnings', '0', 'generated/a.xml', 'hand/b.xml'], { cwd: dir });
    assert.is(quiet.code, 1);
    assert.equal(parseJsonOutput(quiet.stdout).map((r) => path.relative(dir, r.filePath)), ['hand/b.xml']);
    const linted = await runMain(['--no-config-lookup', '-f', 'json', '--no-ignore', 'generated/a.xml'], { cwd: dir });
    assert.is(linted.code, 1);
    assert.is(parseJsonOutput(linted.stdout)[0].errorCount, 1);
  } finally {
    removeTree(dir);
  }
});

test.run();
