// The fix loop (fixText) and the edit primitives, with small test rules.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyEdits, definePack, defineRule, fixText, mergeEdits, MAX_FIX_PASSES, resolveConfig, type Rule } from '../src/index.js';

const guest = `<domain type='qemu'>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <controller type='pci' index='1' model='pci-bridge'/>
  </devices>
</domain>
`;

function configOf(...rules: Rule[]) {
  return resolveConfig([definePack({ name: 't', description: 'test', families: 'all', rules })], []);
}

/** A rule reporting while the domain lacks `name='value'`, fixing it by setting the attribute. */
function wantsAttribute(id: string, name: string, value: string): Rule {
  return defineRule({
    meta: { id: `t/${id}`, type: 'suggestion', docs: { description: id }, defaultSeverity: 'warn', fixable: true, messages: { m: `wants ${name}` } },
    check(graph, context) {
      const domain = graph.domainElement;
      if (domain.attributes.find((a) => a.name === name)?.value === value) return;
      context.report({ messageId: 'm', at: domain, fix: (fixer) => fixer.setAttribute(domain, name, value) });
    },
  });
}

test('applyEdits takes non-overlapping edits in order and defers touching ones', () => {
  const { output, applied, deferred } = applyEdits('abcdef', [
    { range: [4, 4], text: 'X' },
    { range: [0, 1], text: 'A' },
    { range: [4, 5], text: 'Y' },
    { range: [1, 2], text: 'B' },
  ]);
  assert.is(output, 'AbcdXef');
  assert.equal(applied, [0, 1]);
  assert.equal(deferred, [2, 3], 'an edit starting where the last one ended waits (as in ESLint)');
});

test('mergeEdits joins one report\'s edits and copies the text between them', () => {
  assert.equal(mergeEdits('abcdef', [{ range: [4, 5], text: 'E' }, { range: [1, 2], text: 'B' }]), { range: [1, 5], text: 'BcdE' });
  assert.throws(() => mergeEdits('abcdef', [{ range: [1, 3], text: '' }, { range: [2, 4], text: '' }]), /overlapping/);
});

test('two rules inserting at one offset: one waits for the next pass, both end up applied', () => {
  const outcome = fixText(guest, configOf(wantsAttribute('a', 'data-a', '1'), wantsAttribute('b', 'data-b', '2')));
  assert.is(outcome.passes, 2);
  assert.ok(outcome.output.startsWith("<domain type='qemu' data-a='1' data-b='2'>"), outcome.output);
  assert.equal(outcome.appliedByRule, { 't/a': 1, 't/b': 1 });
  assert.equal(outcome.result.messages, []);
  assert.equal(outcome.notes, []);
});

test('fixes that undo one another stop as a loop, not after ten passes', () => {
  const outcome = fixText(guest, configOf(wantsAttribute('on', 'data-x', 'on'), wantsAttribute('off', 'data-x', 'off')));
  assert.ok(outcome.notes.some((n) => n.reason === 'loop'), JSON.stringify(outcome.notes));
  assert.ok(outcome.passes < MAX_FIX_PASSES);
});

test('a rule that always finds more to fix stops at the pass limit', () => {
  const grows = defineRule({
    meta: { id: 't/grows', type: 'suggestion', docs: { description: 'x' }, defaultSeverity: 'warn', fixable: true, messages: { m: 'more' } },
    check(graph, context) {
      const devices = graph.domainElement.children.find((e) => e.name === 'devices')!;
      context.report({ messageId: 'm', fix: (fixer) => fixer.appendChild(devices, 'memballoon', [['model', 'none']]) });
    },
  });
  const outcome = fixText(guest, configOf(grows));
  assert.is(outcome.passes, MAX_FIX_PASSES);
  assert.equal(outcome.notes.map((n) => n.reason), ['pass-limit']);
  assert.is(outcome.output.match(/<memballoon/g)?.length, MAX_FIX_PASSES);
});

test('a fix whose output does not parse is dropped; the harmless one in the same pass is kept', () => {
  const breaks = defineRule({
    meta: { id: 't/breaks', type: 'problem', docs: { description: 'x' }, defaultSeverity: 'error', fixable: true, messages: { m: 'breaks' } },
    check(graph, context) {
      const os = graph.domainElement.children.find((e) => e.name === 'os')!;
      // An attribute value with a raw '<' escaped by setValue is fine; removing </devices> is not:
      // appendChild into <os> with a name that is not XML.
      context.report({ messageId: 'm', fix: (fixer) => fixer.appendChild(os, 'bad name', []) });
    },
  });
  const outcome = fixText(guest, configOf(breaks, wantsAttribute('a', 'data-a', '1')));
  assert.ok(outcome.output.includes("data-a='1'"));
  assert.not.ok(outcome.output.includes('bad name'));
  assert.ok(outcome.notes.some((n) => n.reason === 'breaks-parse' && n.ruleId === 't/breaks'), JSON.stringify(outcome.notes));
  assert.equal(outcome.result.messages.map((m) => m.ruleId), ['t/breaks'], 'the unfixed problem is still reported');
});

test('a fix that adds an error of another rule is dropped', () => {
  const noBalloon = defineRule({
    meta: { id: 't/no-balloon', type: 'problem', docs: { description: 'x' }, defaultSeverity: 'error', messages: { m: 'balloon' } },
    check(graph, context) {
      if (graph.devices.some((d) => d.element?.name === 'memballoon')) context.report({ messageId: 'm' });
    },
  });
  const addsBalloon = defineRule({
    meta: { id: 't/adds', type: 'suggestion', docs: { description: 'x' }, defaultSeverity: 'warn', fixable: true, messages: { m: 'add' } },
    check(graph, context) {
      const devices = graph.domainElement.children.find((e) => e.name === 'devices')!;
      if (!graph.devices.some((d) => d.element?.name === 'memballoon')) {
        context.report({ messageId: 'm', fix: (fixer) => fixer.appendChild(devices, 'memballoon', [['model', 'virtio']]) });
      }
    },
  });
  const outcome = fixText(guest, configOf(noBalloon, addsBalloon));
  assert.is(outcome.output, guest);
  assert.not.ok(outcome.fixed);
  assert.ok(outcome.notes.some((n) => n.reason === 'adds-error' && n.ruleId === 't/adds'), JSON.stringify(outcome.notes));
});

test('a text that does not parse is returned untouched', () => {
  const outcome = fixText('<domain><devices>', configOf(wantsAttribute('a', 'data-a', '1')));
  assert.is(outcome.output, '<domain><devices>');
  assert.not.ok(outcome.fixed);
  assert.ok(outcome.result.messages[0].fatal);
});

test.run();
