// github, gitlab and junit: escaping, uniqueness and stability that their consumers rely on.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseXml } from '@pcilint/core';
import { escapeData, escapeProperty, formatGithub, formatGitlab, formatJunit, githubStepSummary, type FormatterMessage, type FormatterResult } from '../src/index.js';
import { context, lintedAs, q35, repoRoot } from './helpers.js';

function result(filePath: string, messages: FormatterMessage[]): FormatterResult {
  const errors = messages.filter((m) => m.severity === 2).length;
  return { filePath, messages, errorCount: errors, fatalErrorCount: 0, warningCount: messages.length - errors, fixableErrorCount: 0, fixableWarningCount: 0 };
}
const message = (overrides: Partial<FormatterMessage>): FormatterMessage => ({ ruleId: 'common/x', severity: 2, message: 'm', line: 1, column: 1, endLine: 1, endColumn: 2, ...overrides });

test('github: workflow commands escape %, CR and LF in data, and also : and , in properties', () => {
  assert.is(escapeData('100% done\r\nnext'), '100%25 done%0D%0Anext');
  assert.is(escapeProperty('a:b,c%\n'), 'a%3Ab%2Cc%25%0A');
  const out = formatGithub(
    [result(`${repoRoot}/dir,with:odd/guest.xml`, [
      message({ ruleId: 'pack/rule,x', message: 'slot 0x1: 50% used,\nsee docs', line: 3, column: 7, endLine: 4, endColumn: 2 }),
      message({ ruleId: null, severity: 1, message: 'w', line: 9, column: 0, endLine: 9, endColumn: 0 }),
    ])],
    context,
  );
  assert.is(
    out,
    '::error file=dir%2Cwith%3Aodd/guest.xml,line=3,col=7,endLine=4,endColumn=2,title=pack/rule%2Cx::slot 0x1: 50%25 used,%0Asee docs\n' +
      '::warning file=dir%2Cwith%3Aodd/guest.xml,line=9,endLine=9,title=pcilint::w',
  );
});

test('github: the step summary counts everything, says when annotations are cut, escapes table cells', () => {
  const many = Array.from({ length: 12 }, (_, i) => message({ line: i + 1, message: i === 0 ? 'a | b <c>\nd' : 'm' }));
  const summary = githubStepSummary([result(`${repoRoot}/g.xml`, many), result(`${repoRoot}/clean.xml`, [])], context);
  assert.ok(summary.startsWith('## pcilint\n\n**12 problems** (12 errors, 0 warnings) in 1 of 2 files.\n\n'), summary);
  assert.match(summary, 'GitHub shows only the first 10 errors and 10 warnings of a step as annotations');
  assert.match(summary, '| g.xml | 1:1 | error | common/x | a \\| b &lt;c&gt; d |\n');
  assert.is(summary.split('\n').filter((l) => l.startsWith('| g.xml')).length, 12);
  assert.is(githubStepSummary([result(`${repoRoot}/clean.xml`, [])], context), '## pcilint\n\nNo problems in 1 file.\n');
});

test('gitlab: fingerprints are unique, and unchanged when unrelated lines move', () => {
  const issues = (text: string) => JSON.parse(formatGitlab([lintedAs('guests/a.xml', text), lintedAs('guests/b.xml', text)], context)) as { fingerprint: string; location: { path: string; lines: { begin: number } }; severity: string; check_name: string }[];
  const before = issues(q35());
  const after = issues(q35("\n    <video><model type='virtio'/></video>"));
  assert.is(before.length, 4);
  assert.is(new Set(before.map((i) => i.fingerprint)).size, 4, 'unique across rules, nodes and files');
  assert.equal(after.map((i) => i.fingerprint), before.map((i) => i.fingerprint));
  assert.equal(after.map((i) => i.location.lines.begin), before.map((i) => i.location.lines.begin + 1));
  assert.equal(before[0]!.location.path, 'guests/a.xml');
  assert.equal([before[0]!.check_name, before[0]!.severity], ['common/chassis-unique', 'major']);
  // The same finding twice on one node still gets two fingerprints.
  const twice = JSON.parse(formatGitlab([result(`${repoRoot}/t.xml`, [message({ nodePath: '/n' }), message({ nodePath: '/n' })])], context)) as { fingerprint: string }[];
  assert.is.not(twice[0]!.fingerprint, twice[1]!.fingerprint);
});

test('junit: test case names are unique per rule and location, and the XML parses', () => {
  const xml = formatJunit(
    [
      result(`${repoRoot}/a.xml`, [message({ line: 2, column: 3 }), message({ line: 2, column: 3, messageId: 'other' }), message({ line: 5, column: 1 }), message({ ruleId: 'common/y', line: 2, column: 3 })]),
      result(`${repoRoot}/clean.xml`, []),
      { ...result(`${repoRoot}/net.xml`, []), skipped: 'root element <network> is not a libvirt <domain>' },
    ],
    context,
  );
  const parsed = parseXml(xml);
  assert.ok(parsed.ok, 'well-formed');
  const names = [...xml.matchAll(/<testcase name="([^"]*)" classname="([^"]*)"/g)].map((m) => `${m[2]} ${m[1]}`);
  assert.equal(names, ['a.xml common/x at 2:3', 'a.xml common/x at 2:3 (2)', 'a.xml common/x at 5:1', 'a.xml common/y at 2:3', 'clean.xml pcilint', 'net.xml pcilint']);
  assert.match(xml, '<testsuites name="pcilint" tests="6" failures="4" errors="0" time="0">');
  assert.match(xml, '<skipped message="root element &lt;network&gt; is not a libvirt &lt;domain&gt;"/>');
});

test.run();
