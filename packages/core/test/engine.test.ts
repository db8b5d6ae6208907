import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, DEFAULT_CAPS, definePack, defineRule, lintText, resolveConfig, type RulePack } from '../src/index.js';

const everyPciController = defineRule({
  meta: {
    id: 'demo/pci-controller',
    type: 'suggestion',
    docs: { description: 'Reports every written PCI controller (test rule).' },
    defaultSeverity: 'warn',
    schema: [{ type: 'object', properties: { label: { type: 'string' } }, additionalProperties: false }],
    messages: { found: '{{label}}: {{model}} at index {{index}}' },
  },
  check(graph, context) {
    const label = (context.options[0] as { label?: string } | undefined)?.label ?? 'controller';
    for (const c of graph.controllers) {
      if (c.origin !== 'written') continue;
      const modelAttr = c.element?.attributes.find((a) => a.name === 'model');
      context.report({ node: c, at: modelAttr, messageId: 'found', data: { label, model: c.model ?? '?', index: c.index ?? '?' } });
    }
  },
});

const demo = definePack({ name: 'demo', description: 'test pack', families: 'all', rules: [everyPciController] });
const q35Only = definePack({ name: 'onlyq35', description: 'q35 only', families: ['q35'], rules: [defineRule({
  meta: { id: 'onlyq35/always', type: 'problem', docs: { description: 'x' }, defaultSeverity: 'error', messages: { m: 'q35 seen' } },
  check(_graph, context) { context.report({ messageId: 'm' }); },
})] });

const guest = (machine: string) => `<domain type='qemu'>
  <os><type arch='x86_64' machine='${machine}'>hvm</type></os>
  <devices>
    <controller type='pci' index='1' model='pci-bridge'/>
  </devices>
</domain>`;

test('a diagnostic carries rule id, severity, message and exact line/column range', () => {
  const config = resolveConfig([demo], []);
  const { messages } = lintText(guest('pc'), config);
  assert.is(messages.length, 1);
  const [m] = messages;
  assert.is(m.ruleId, 'demo/pci-controller');
  assert.is(m.severity, 1);
  assert.is(m.message, 'controller: pci-bridge at index 1');
  assert.equal([m.line, m.column, m.endLine, m.endColumn], [4, 38, 4, 56]);
});

test('severities and options come from config layers, later layers win', () => {
  const config = resolveConfig([demo], [
    { source: 'file', rules: { 'demo/pci-controller': 'error' } },
    { source: '--rule', rules: { 'demo/pci-controller': ['error', { label: 'ctl' }] } },
  ]);
  const [m] = lintText(guest('pc'), config).messages;
  assert.is(m.severity, 2);
  assert.match(m.message, /^ctl:/);
  assert.equal(config.ruleSettings['demo/pci-controller'], ['error', { label: 'ctl' }]);
});

test('off disables a rule', () => {
  const config = resolveConfig([demo], [{ source: 'x', rules: { 'demo/pci-controller': 'off' } }]);
  assert.is(lintText(guest('pc'), config).messages.length, 0);
});

test('invalid options fail with a message naming the rule and the source', () => {
  try {
    resolveConfig([demo], [{ source: '.pcilintrc.json', rules: { 'demo/pci-controller': ['warn', { colour: 1 }] } }]);
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ConfigError);
    assert.match((e as Error).message, /\.pcilintrc\.json: configuration for rule "demo\/pci-controller" is invalid/);
    assert.match((e as Error).message, /colour/);
  }
});

test('unknown rules, bad severities and bad settings are config errors', () => {
  assert.throws(() => resolveConfig([demo], [{ source: 's', rules: { 'demo/nope': 'warn' } }]), /unknown rule "demo\/nope"/);
  assert.throws(() => resolveConfig([demo], [{ source: 's', rules: { 'demo/pci-controller': 'loud' as never } }]), /severity/);
  assert.throws(() => resolveConfig([demo], [{ source: 's', settings: { spareRootPorts: -1 } }]), /settings\.spareRootPorts/);
  assert.throws(() => resolveConfig([demo], [{ source: 's', settings: { sparePorts: 1 } }]), /sparePorts/);
});

test('caps settings merge per switch and are validated', () => {
  const config = resolveConfig([demo], [{ source: 'a', settings: { caps: { pciePciBridge: false } } }, { source: 'b', settings: { caps: { pcieRootPort: false } } }]);
  assert.equal(config.settings.caps, { ...DEFAULT_CAPS, pcieRootPort: false, pciePciBridge: false });
  assert.throws(() => resolveConfig([demo], [{ source: 's', settings: { caps: { pcieRootPorts: false } } }]), /pcieRootPorts/);
});

test('packs run only on the machine families they declare', () => {
  const config = resolveConfig([q35Only], []);
  assert.is(lintText(guest('pc'), config).messages.length, 0);
  const q35 = lintText(guest('q35'), config).messages;
  assert.is(q35.length, 1);
  assert.is(q35[0].line, 2);
});

test('malformed XML gives one fatal message with line and column, no rule runs', () => {
  const result = lintText(`<domain>\n<devices>\n</domain>`, resolveConfig([demo], []));
  assert.is(result.messages.length, 1);
  const [m] = result.messages;
  assert.is(m.fatal, true);
  assert.is(m.ruleId, null);
  assert.is(m.severity, 2);
  assert.is(m.line, 3);
});

test('a non-domain document is skipped', () => {
  const result = lintText(`<pool type='dir'><name>p</name></pool>`, resolveConfig([demo], []));
  assert.match(result.skipped ?? '', /not a libvirt <domain>/);
  assert.is(result.messages.length, 0);
});

test('a crashing rule is reported with its id', () => {
  const broken = definePack({ name: 'broken', description: '', families: 'all', rules: [defineRule({
    meta: { id: 'broken/boom', type: 'problem', docs: { description: '' }, defaultSeverity: 'error', messages: {} },
    check() { throw new Error('kaput'); },
  })] });
  assert.throws(() => lintText(guest('pc'), resolveConfig([broken], [])), /Rule "broken\/boom" crashed: kaput/);
});

test('definePack refuses rule ids outside the pack prefix', () => {
  assert.throws(() => definePack({ name: 'x', description: '', families: 'all', rules: [everyPciController] }), /must have an id starting with "x\/"/);
});

test('recommended config enables every rule at its default severity', () => {
  const pack: RulePack = demo;
  assert.equal(pack.configs.recommended.rules, { 'demo/pci-controller': 'warn' });
});

test.run();
