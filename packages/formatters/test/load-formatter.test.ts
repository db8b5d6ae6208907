import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BUILTIN_FORMAT_NAMES, formatNeeds, formatterPackageNames, FormatterError, loadFormatter } from '../src/index.js';
import { repoRoot } from './helpers.js';

test('a name stands for pcilint-formatter-NAME, then eslint-formatter-NAME, as ESLint names scoped ones', () => {
  assert.equal(formatterPackageNames('pretty'), ['pcilint-formatter-pretty', 'eslint-formatter-pretty']);
  assert.equal(formatterPackageNames('@acme/report'), ['@acme/pcilint-formatter-report', '@acme/eslint-formatter-report']);
  assert.equal(formatterPackageNames('@acme'), ['@acme/pcilint-formatter', '@acme/eslint-formatter']);
  assert.equal(formatterPackageNames('eslint-formatter-summary'), ['eslint-formatter-summary']);
  assert.equal(formatterPackageNames('@acme/pcilint-formatter-x'), ['@acme/pcilint-formatter-x']);
});

test('built-ins resolve first; only stylish and json stream; external formatters get source and fixes', async () => {
  assert.equal(BUILTIN_FORMAT_NAMES, ['stylish', 'json', 'json-with-metadata', 'sarif', 'junit', 'checkstyle', 'compact', 'unix', 'github', 'gitlab']);
  for (const name of BUILTIN_FORMAT_NAMES) {
    const formatter = await loadFormatter(name, { resolveFrom: [repoRoot] });
    assert.is(formatter.source, 'builtin');
    assert.is(formatter.createWriter !== undefined, name === 'stylish' || name === 'json', name);
  }
  assert.equal(formatNeeds('sarif'), { source: false, fixes: false });
  assert.equal(formatNeeds('json'), { source: true, fixes: true });
  assert.equal(formatNeeds('some-package'), { source: true, fixes: true });
});

test('an ESLint formatter from npm loads as it is (eslint-formatter-compact through its package name)', async () => {
  const formatter = await loadFormatter('eslint-formatter-compact', { resolveFrom: [repoRoot] });
  assert.match(formatter.source, /eslint-formatter-compact/);
  const out = await formatter.format([{ filePath: '/g.xml', messages: [{ ruleId: 'r/x', severity: 2, message: 'bad', line: 2, column: 3 }], errorCount: 1, fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 }], { cwd: '/', rulesMeta: {} });
  assert.is(out, '/g.xml: line 2, col 3, Error - bad (r/x)\n\n1 problem');
});

test('an unknown name or a missing path is a FormatterError naming what was tried', async () => {
  try {
    await loadFormatter('nonesuch-format', { resolveFrom: [repoRoot] });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, FormatterError);
    assert.match((error as Error).message, 'pcilint-formatter-nonesuch-format or eslint-formatter-nonesuch-format');
  }
  try {
    await loadFormatter('./no/such/formatter.js', { resolveFrom: [repoRoot] });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, FormatterError);
    assert.match((error as Error).message, 'no such file');
  }
});

test.run();
