import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  definePack, defineRule, fixText, isDirectiveProblem, lintText, parseDirective, resolveConfig, shellLayout, xmlComments, type LintOptions,
} from '../src/index.js';

// A rule that reports every written PCI controller at its model attribute, with a fix renaming the model.
const everyController = defineRule({
  meta: {
    id: 'demo/controller',
    type: 'suggestion',
    docs: { description: 'Reports every written PCI controller (test rule).' },
    defaultSeverity: 'error',
    fixable: true,
    messages: { found: 'controller {{index}}' },
  },
  check(graph, context) {
    for (const c of graph.controllers) {
      if (c.origin !== 'written') continue;
      const model = c.element?.attributes.find((a) => a.name === 'model');
      context.report({ node: c, at: model, messageId: 'found', data: { index: c.index ?? '?' }, fix: model ? () => ({ range: [model.valueSpan.start, model.valueSpan.end], text: 'pci-bridge' }) : null });
    }
  },
});
const alwaysOnce = defineRule({
  meta: { id: 'demo/domain', type: 'problem', docs: { description: 'x' }, defaultSeverity: 'warn', messages: { m: 'domain seen' } },
  check(graph, context) {
    context.report({ at: graph.domainElement, messageId: 'm' });
  },
});
const config = resolveConfig([definePack({ name: 'demo', description: 'test pack', families: 'all', rules: [everyController, alwaysOnce] })], []);

/** A pc guest with one controller per line from line 4 on (indexes 1..n). */
function guest(body: string): string {
  return `<domain type='qemu'>\n  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n  <devices>\n${body}  </devices>\n</domain>\n`;
}
const controller = (index: number) => `    <controller type='pci' index='${index}' model='pci-bridge'/>\n`;

function lint(text: string, options: LintOptions = {}) {
  const result = lintText(text, config, { computeFixes: false, ...options });
  return {
    reported: result.messages.map((m) => `${m.line}:${m.ruleId ?? 'directive'}${m.ruleId === null ? ` ${m.message}` : ''}`),
    suppressed: (result.suppressedMessages ?? []).map((m) => `${m.line}:${m.ruleId}:${m.suppressions.map((s) => s.justification).join('|')}`),
  };
}

test('parseDirective: kinds, comma- or blank-separated rule ids, the reason after ";"', () => {
  assert.equal(parseDirective(' pcilint-disable-next-line a/b, c/d ; hot-unplug: never needed '), {
    kind: 'disable-next-line', ruleIds: ['a/b', 'c/d'], justification: 'hot-unplug: never needed', problems: [],
  });
  assert.equal(parseDirective('pcilint-enable a/b c/d'), { kind: 'enable', ruleIds: ['a/b', 'c/d'], justification: '', problems: [] });
  assert.equal(parseDirective('pcilint-disable;every rule'), { kind: 'disable', ruleIds: [], justification: 'every rule', problems: [] });
  assert.equal(parseDirective('pcilint-disable-line').kind, 'disable-line');
  for (const notOne of ['pcilint-disabled a/b', 'see pcilint-disable', 'pcilint', ' eslint-disable a']) assert.is(parseDirective(notOne), null, notOne);
  const dashes = parseDirective('pcilint-disable a/b -- legacy');
  assert.equal([dashes?.ruleIds, dashes?.justification, dashes?.problems.length], [['a/b'], 'legacy', 1]);
});

test('xmlComments: spans from the source, CDATA ignored, CRLF kept', () => {
  const text = "<a>\r\n<![CDATA[<!-- no -->]]><!-- one\r\ntwo --><?pi <!-- no --> ?><!---->\r\n</a>";
  const comments = xmlComments(text);
  assert.equal(comments.map((c) => text.slice(c.span.start, c.span.end)), ['<!-- one\r\ntwo -->', '<!---->']);
  assert.equal(comments.map((c) => c.body), [' one\r\ntwo ', '']);
});

test('shellLayout: comments and command lines, a continued command being one', () => {
  const text = "#!/bin/sh\n# pcilint-disable-next-line x\nqemu-system-x86_64 \\\n  -device 'a\nb' \\\n  -m 1G # trailing\nexit 0\n";
  const layout = shellLayout(text);
  assert.equal(layout.comments.map((c) => c.body), ['!/bin/sh', ' pcilint-disable-next-line x', ' trailing']);
  assert.equal(layout.commandLines.map((s) => text.slice(s.start, s.end)), ["qemu-system-x86_64 \\\n  -device 'a\nb' \\\n  -m 1G", 'exit 0']);
  assert.equal(shellLayout('qemu-system-x86_64\0-m\0').comments, []);
});

test('disable-next-line covers the whole element starting on the next line; disable-line its own line', () => {
  const text = guest(
    `    <!-- pcilint-disable-next-line demo/controller ; multi-line element -->\n    <controller type='pci' index='1'\n                model='pci-bridge'/>\n${controller(2)}${controller(3).replace('/>', '/> <!-- pcilint-disable-line ; all rules -->')}`,
  );
  assert.equal(lint(text), { reported: ['1:demo/domain', '7:demo/controller'], suppressed: ['6:demo/controller:multi-line element', '8:demo/controller:all rules'] });
});

test('block directives: a bare disable, then enable of one rule re-enables only it; enable ends the block', () => {
  const text = `<!-- pcilint-disable ; whole file -->\n${guest(`    <!-- pcilint-enable demo/controller -->\n${controller(1)}    <!-- pcilint-disable demo/controller ; again -->\n${controller(2)}    <!-- pcilint-enable -->\n${controller(3)}`)}`;
  assert.equal(lint(text), {
    reported: ['6:demo/controller', '10:demo/controller'],
    suppressed: ['2:demo/domain:whole file', '8:demo/controller:again'],
  });
});

test('unused directives: warn by default (ESLint 9), error or off on request; unmatched enable; unknown rules are errors', () => {
  const text = guest(`    <!-- pcilint-disable-next-line demo/domain, demo/controller ; only one of them fires here -->\n${controller(1)}    <!-- pcilint-enable demo/controller -->\n    <!-- pcilint-disable-line nope/rule -->\n`);
  const unusedDisable = "Unused pcilint-disable-next-line directive (no problems were reported from 'demo/domain').";
  const unusedEnable = "Unused pcilint-enable directive (no matching pcilint-disable directives were found for 'demo/controller').";
  assert.equal(lint(text).reported, ['1:demo/domain', `4:directive ${unusedDisable}`, `6:directive ${unusedEnable}`, "7:directive pcilint-disable-line: definition for rule 'nope/rule' was not found."]);
  const errors = lintText(text, config, { reportUnusedDisableDirectives: 'error' }).messages.filter((m) => m.ruleId === null);
  assert.equal(errors.map((m) => m.severity), [2, 2, 2]);
  assert.equal(errors.map((m) => m.messageId), ['directive-unused', 'directive-unused', 'directive-unknown-rule']);
  assert.ok(errors.every(isDirectiveProblem));
  assert.equal(lint(text, { reportUnusedDisableDirectives: 'off' }).reported, ['1:demo/domain', "7:directive pcilint-disable-line: definition for rule 'nope/rule' was not found."]);
});

test('inlineConfig false ignores directives and says so; requireDirectiveReason flags disables without a reason', () => {
  const text = guest(`    <!-- pcilint-disable-next-line demo/controller -->\n${controller(1)}`);
  assert.equal(lint(text, { inlineConfig: false }).reported, [
    '1:demo/domain', "4:directive 'pcilint-disable-next-line' has no effect because inline configuration is disabled (--no-inline-config).", '5:demo/controller',
  ]);
  const strict = lint(text, { requireDirectiveReason: true });
  assert.equal(strict.suppressed, ['5:demo/controller:']);
  assert.ok(strict.reported[1].startsWith('4:directive pcilint-disable-next-line needs a reason'), strict.reported[1]);
});

test('a suppressed finding is never fixed; the others are', () => {
  const text = guest(`    <!-- pcilint-disable-next-line demo/controller ; keep this one -->\n${controller(1)}${controller(2)}`.replaceAll("model='pci-bridge'", "model='pcie-root-port'"));
  const fixed = fixText(text, config);
  assert.ok(fixed.fixed);
  assert.ok(fixed.output.includes("index='1' model='pcie-root-port'"), 'suppressed: left alone');
  assert.ok(fixed.output.includes("index='2' model='pci-bridge'"), 'reported: fixed');
});

test('no directive comment, no suppressedMessages key: results of ordinary files are unchanged', () => {
  const result = lintText(guest(controller(1)), config);
  assert.is('suppressedMessages' in result, false);
});

test('shell scripts: next-line covers the continued command, disable-line the command it ends', () => {
  const argvPack = definePack({ name: 'demo', description: 'test pack', families: 'all', rules: [alwaysOnce] });
  const argvConfig = resolveConfig([argvPack], []);
  const script = "# pcilint-disable-next-line demo/domain ; lab script\nqemu-system-x86_64 \\\n  -machine q35 \\\n  -m 1G\n";
  const result = lintText(script, argvConfig);
  assert.equal(result.messages, []);
  assert.equal(result.suppressedMessages?.map((m) => m.suppressions[0].justification), ['lab script']);
  const trailing = "qemu-system-x86_64 \\\n  -machine q35 \\\n  -m 1G # pcilint-disable-line demo/domain ; trailing\n";
  assert.equal(lintText(trailing, argvConfig).suppressedMessages?.length, 1);
});

test.run();
