import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { definePack, defineRule, lintText, packSettingsOf, resolveConfig, type RulePack } from '../src/index.js';

// A pack's own settings live under settings[<pack name>]: defaults, merging, its schema (docs/configuration.md).
const greets = defineRule({
  meta: { id: 'org/greets', type: 'suggestion', docs: { description: 'x' }, defaultSeverity: 'warn', messages: { hi: '{{greeting}} {{team}}' } },
  check(_graph, context) {
    const own = packSettingsOf(context.settings, 'org');
    context.report({ messageId: 'hi', data: { greeting: String(own.greeting), team: String(own.team) } });
  },
});
const org: RulePack = {
  ...definePack({ name: 'org', description: 'test', families: 'all', rules: [greets] }),
  settingsSchema: { type: 'object', properties: { greeting: { type: 'string' }, team: { type: 'string' } }, additionalProperties: false },
  defaultSettings: { greeting: 'hello', team: 'none' },
};
const guest = `<domain type='kvm'><os><type arch='x86_64' machine='pc-q35-7.2'>hvm</type></os><devices/></domain>`;

test('defaults, then each layer key by key: a later layer changes one pack setting and keeps the rest', () => {
  assert.equal(packSettingsOf(resolveConfig([org], []).settings, 'org'), { greeting: 'hello', team: 'none' });
  const config = resolveConfig([org], [{ source: 'a', settings: { org: { team: 'storage' } } }, { source: 'b', settings: { org: { greeting: 'hi' } } }]);
  assert.equal(packSettingsOf(config.settings, 'org'), { greeting: 'hi', team: 'storage' });
  assert.equal(lintText(guest, config).messages.map((m) => m.message), ['hi storage']);
});

test("a pack's settings are checked with its schema; settings of no loaded pack are refused", () => {
  assert.throws(() => resolveConfig([org], [{ source: 'f.json', settings: { org: { greeting: 1 } } }]), /^f\.json: invalid settings: settings\.org\.greeting must be string$/);
  assert.throws(() => resolveConfig([org], [{ source: 'f.json', settings: { other: {} } }]), /^f\.json: settings\.other: unknown setting \(not a pcilint setting, and no loaded plugin is named "other"\)$/);
});

test('a pack without settings has none; without packDefaults its recommended config is not applied', () => {
  const plain = definePack({ name: 'plain', description: 'x', families: 'all', rules: [] });
  assert.equal(packSettingsOf(resolveConfig([plain], []).settings, 'plain'), {});
  assert.equal(resolveConfig([org], [], { packDefaults: false }).ruleSettings['org/greets'], ['off']);
  assert.equal(resolveConfig([org], []).ruleSettings['org/greets'], ['warn']);
});

test.run();
