import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { definePack, defineRule, packProblems } from '../src/index.js';

const rule = (id: string, meta: Record<string, unknown> = {}) =>
  defineRule({
    meta: { id, type: 'problem', docs: { description: 'd' }, defaultSeverity: 'warn', messages: { m: 'text' }, ...meta } as never,
    check() {},
  });

test('a sound pack has no problems, with families "all" or known families', () => {
  assert.equal(packProblems({ name: 'acme', description: 'x', families: 'all', rules: [rule('acme/a')] }), []);
  assert.equal(packProblems({ name: 'acme', description: 'x', families: ['q35', 'virt'], rules: [rule('acme/a')] }), []);
});

test('each problem says what to write', () => {
  const problems = packProblems({
    name: 'acme',
    families: ['q35', 'x86'],
    rules: [
      rule('a'),
      rule('other/b', { defaultSeverity: 'high', type: 'bug' }),
      { meta: { id: 'acme/c', type: 'problem', defaultSeverity: 'error', docs: {} } },
      rule('acme/d', { schema: 'n' }),
      rule('acme/d'),
    ],
    configs: { recommended: {} },
  });
  assert.equal(problems, [
    'families[1] is "x86", which is not a machine family: use one of q35, i440fx, pseries, virt, s390-ccw, other',
    'rule "a" must have an id starting with "acme/", the pack\'s name: write id: \'acme/a\'',
    'rule "other/b" must have an id starting with "acme/", the pack\'s name: write id: \'acme/b\'',
    'rule "other/b": meta.type is "bug": write \'problem\' (libvirt or QEMU refuses it, or it breaks the guest), \'suggestion\' or \'layout\'',
    'rule "other/b": meta.defaultSeverity is "high": write \'error\' (only for what libvirt or QEMU refuses) or \'warn\'',
    'rule "acme/c": meta.docs.description is missing: write docs: { description: \'one sentence on what the rule reports\' }',
    'rule "acme/c": meta.messages is missing: write messages: { someId: \'text with {{placeholders}}\' } and report({ messageId: \'someId\' })',
    'rule "acme/c" has no check() function: write check(graph, context) { ... context.report({ node, messageId }) }',
    'rule "acme/d": meta.schema must be a JSON Schema object, or an array of them (one per option), or left out',
    'rule "acme/d" appears twice in "rules": give each rule its own id',
    '"configs.recommended.rules" must be an object of rule settings: write configs: { recommended: { rules: { \'acme/rule\': \'warn\' } } }, or leave "configs" out to enable every rule at its defaultSeverity',
  ]);
});

test('not an object, no name, no rules', () => {
  assert.equal(packProblems(null).length, 1);
  assert.match(packProblems(42)[0]!, /^the export is not an object: write `export default definePack/);
  assert.equal(packProblems({ name: 'Acme Pack', families: 'all', rules: [] }), [
    '"name" is "Acme Pack": use lower-case letters, digits, \'.\', \'_\' and \'-\' only (it is the part of each rule id before the \'/\')',
  ]);
});

test('definePack throws the same problems and points rules at their shipped pages', () => {
  assert.throws(() => definePack({ name: 'acme', description: '', families: ['x86' as never], rules: [rule('acme/a')] }), /families\[0\] is "x86"/);
  const pack = definePack({ name: 'acme', description: '', families: 'all', rules: [rule('acme/a'), rule('acme/b', { docs: { description: 'd', url: 'https://example.invalid/b' } })], docs: new URL('file:///opt/acme/docs/') });
  assert.equal(pack.rules.map((r) => r.meta.docs.url), ['file:///opt/acme/docs/a.md', 'https://example.invalid/b']);
  assert.equal(pack.configs.recommended.rules, { 'acme/a': 'warn', 'acme/b': 'warn' });
  assert.is(defineRule({ meta: { id: 'x/y', type: 'problem', docs: { description: 'd' }, defaultSeverity: 'warn', messages: {} }, check() {} }).meta.docs.url, '');
});

test.run();
