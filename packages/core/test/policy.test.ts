import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  analyzeText,
  buildPolicyFacts,
  ConfigError,
  declarativePack,
  DEFAULT_SETTINGS,
  fillTemplate,
  lintText,
  lintTextAsync,
  resolveConfig,
  type Settings,
} from '../src/index.js';
import { resolveFactPath } from '../src/policy/fact-path.js';
import { POLICY_OPERATORS } from '../src/policy/operators.js';

const fixtures = fileURLToPath(new URL('../../../fixtures/policy/', import.meta.url));
const read = (name: string) => readFileSync(fixtures + name, 'utf8');
const q35 = read('q35-hostdev-e1000.xml');

function factsOf(text: string, settings: Settings = DEFAULT_SETTINGS) {
  const analyzed = analyzeText(text, settings);
  if (analyzed.kind !== 'analysis') throw new Error(analyzed.kind);
  return buildPolicyFacts(analyzed.analysis);
}

const operator = (name: string) => POLICY_OPERATORS.find((o) => o.name === name)!.evaluate;

/** A pack of one rule, resolved with that rule on. */
function configWith(rule: Record<string, unknown>) {
  const pack = declarativePack({ name: 'demo', rules: [{ id: 'r', description: 'test rule', ...rule }] }, 'demo.yaml');
  return resolveConfig([pack], []);
}

test('facts of a q35 guest: golden (fixtures/policy/q35-hostdev-e1000.facts.json), plain JSON data', () => {
  const settings = { ...DEFAULT_SETTINGS, hostdevs: JSON.parse(read('q35-hostdev-e1000.hostdevs.json')) };
  const facts = factsOf(q35, settings);
  const plain = { guest: facts.guest, devices: facts.devices.map((d) => d.fact), controllers: facts.controllers.map((c) => c.fact) };
  // A JSON round trip changes nothing: no parent pointer, no class instance, no undefined.
  assert.equal(JSON.parse(JSON.stringify(plain)), plain);
  assert.equal(plain, JSON.parse(read('q35-hostdev-e1000.facts.json')));
});

test('facts keep the graph node beside each fact, for locating findings (null for what libvirt adds)', () => {
  const facts = factsOf(q35);
  assert.equal(
    facts.controllers.map((c) => [c.fact.index, c.fact.origin, c.node?.path ?? null]),
    [[0, 'implicit', null], [1, 'written', '/domain/devices/controller[1]'], [2, 'written', '/domain/devices/controller[2]'], [3, 'predicted', null], [4, 'predicted', null]],
  );
  assert.is(facts.devices[0].node?.path, '/domain/devices/interface');
});

test('path resolver: plain property paths, indexes and quoted keys; missing steps give undefined', () => {
  const value = { bus: { model: 'pcie-root-port' }, list: [{ a: 1 }], byModel: { 'e1000-82545em': 2 } };
  assert.is(resolveFactPath(value, '$.bus.model'), 'pcie-root-port');
  assert.is(resolveFactPath(value, 'bus.model'), 'pcie-root-port');
  assert.is(resolveFactPath(value, '$.list[0].a'), 1);
  assert.is(resolveFactPath(value, "$.byModel['e1000-82545em']"), 2);
  assert.is(resolveFactPath(value, '$.bus.model.length.x'), undefined);
  assert.is(resolveFactPath(value, '$.nothing.here'), undefined);
  assert.equal(resolveFactPath(value, '$'), value);
});

test('globMatch / globNotMatch: shell globs with braces on model names', () => {
  const glob = operator('globMatch');
  assert.ok(glob('e1000-82545em', ['e1000', 'e1000-*']));
  assert.not.ok(glob('e1000e', ['e1000', 'e1000-*']));
  assert.ok(glob('virtio-net-pci-non-transitional', 'virtio-*'));
  assert.ok(glob('ich9-uhci2', 'ich9-{uhci,ehci}*'));
  assert.not.ok(glob(null, '*'), 'no model never matches');
  assert.ok(operator('globNotMatch')(null, '*'));
  assert.not.ok(operator('globNotMatch')('virtio', 'virt*'));
});

test('addressIn / addressNotIn: patterns with *, short forms and inclusive ranges', () => {
  const addressIn = operator('addressIn');
  assert.ok(addressIn('0000:00:1f.2', '00:1f.*'));
  assert.ok(addressIn('0000:00:1f.2', ['0000:01:*.*', '*:00:1f.2']));
  assert.not.ok(addressIn('0000:00:1e.2', '00:1f.*'));
  assert.ok(addressIn('0000:00:19.7', '0000:00:18.0-0000:00:1b.7'));
  assert.ok(addressIn('0000:00:1b.7', '00:18.0-00:1b.7'));
  assert.not.ok(addressIn('0000:00:1c.0', '00:18.0-00:1b.7'));
  assert.not.ok(addressIn(null, '*:*:*.*'), 'no address is in no range');
  assert.ok(operator('addressNotIn')('0000:00:1c.0', '00:18.0-00:1b.7'));
  assert.not.ok(operator('addressNotIn')(null, '00:18.0-00:1b.7'));
});

test('sameSlot and someNotIn', () => {
  assert.ok(operator('sameSlot')('0000:00:02.0', '0000:00:02.7'));
  assert.not.ok(operator('sameSlot')('0000:00:02.0', '0000:00:03.0'));
  assert.not.ok(operator('sameSlot')(null, '0000:00:03.0'));
  assert.ok(operator('someNotIn')(['interface', 'disk'], ['interface']));
  assert.not.ok(operator('someNotIn')(['interface'], ['interface']));
  assert.not.ok(operator('someNotIn')([], ['interface']));
});

test('message templates: node fields, guest facts by path, arrays joined, null as none, unknown left as written', () => {
  const data = { model: 'e1000', bus: { index: 4 }, kinds: ['disk', 'interface'], address: null, free: { pcie: 1 } };
  assert.is(fillTemplate('{{model}} on bus {{ bus.index }}: {{kinds}}, {{address}}, {{free.pcie}} free, {{nope}}', data), 'e1000 on bus 4: disk, interface, none, 1 free, {{nope}}');
});

test('lintTextAsync: a device rule located at the node, message filled; lintText skips declarative rules', async () => {
  const config = configWith({
    scope: 'device',
    severity: 'error',
    conditions: { all: [{ fact: 'device', path: '$.model', operator: 'globMatch', value: 'e1000*' }] },
    message: '{{label}} at {{address}} ({{addressOrigin}}) on {{bus.model}}, {{machine.family}}',
  });
  const messages = (await lintTextAsync(q35, config)).messages;
  assert.equal(
    messages.map((m) => [m.ruleId, m.severity, m.line, m.column, m.endLine, m.endColumn, m.messageId, m.message]),
    [['demo/r', 2, 8, 5, 8, 31, 'policy', 'interface (e1000) at 0000:04:01.0 (predicted) on pcie-to-pci-bridge, q35']],
  );
  assert.equal(lintText(q35, config).messages, [], 'the synchronous linter runs TypeScript rules only');
});

test('lintTextAsync: guest rules at the machine type; controller rules; a fact compared with another fact', async () => {
  const guest = configWith({
    scope: 'guest',
    conditions: { all: [{ fact: 'free', path: '$.pcie', operator: 'lessThan', value: { fact: 'counts', path: '$.controllersByModel.pcie-root-port' } }] },
    message: '{{free.pcie}} free of {{counts.controllersByModel.pcie-root-port}} ports',
  });
  assert.equal((await lintTextAsync(q35, guest)).messages.map((m) => `${m.line}:${m.column} ${m.severity} ${m.message}`), ['2:7 1 1 free of 3 ports']);
  const controller = configWith({
    scope: 'controller',
    conditions: { all: [{ fact: 'controller', path: '$.hotplug', operator: 'equal', value: 'off' }] },
    message: 'port {{index}} holds {{occupantKinds}}',
  });
  assert.equal((await lintTextAsync(q35, controller)).messages.map((m) => `${m.line}:${m.column} ${m.message}`), ['4:5 port 1 holds hostdev']);
});

test('lintTextAsync on a QEMU command line: the finding points at the -device value', async () => {
  const config = configWith({
    scope: 'device',
    conditions: { all: [{ fact: 'device', path: '$.kind', operator: 'equal', value: 'interface' }, { fact: 'machine', path: '$.source', operator: 'equal', value: 'qemu-argv' }] },
    message: '{{label}} at {{address}}',
  });
  const text = 'qemu-system-x86_64 -machine q35 -nodefaults \\\n  -device virtio-net-pci,id=n0,bus=pcie.0,addr=0x5\n';
  const messages = (await lintTextAsync(text, config)).messages;
  assert.equal(messages.map((m) => [m.line, m.column, text.slice(m.range[0], m.range[1]), m.message]), [[2, 11, 'virtio-net-pci,id=n0,bus=pcie.0,addr=0x5', 'interface (virtio) at 0000:00:05.0']]);
});

test('node rules indexed by kind or model still fire on exactly the matching nodes, beside rules that name none', async () => {
  const pack = declarativePack(
    {
      name: 'idx',
      rules: [
        { id: 'ports', description: 'd', scope: 'controller', conditions: { all: [{ fact: 'controller', path: '$.model', operator: 'globMatch', value: 'pcie-*-port' }] }, message: 'port {{index}}' },
        { id: 'bridges', description: 'd', scope: 'controller', conditions: { all: [{ fact: 'controller', path: 'model', operator: 'in', value: ['pcie-to-pci-bridge', 'pci-bridge'] }] }, message: 'bridge {{index}}' },
        { id: 'any', description: 'd', scope: 'controller', conditions: { all: [{ fact: 'controller', path: '$.occupants', operator: 'greaterThan', value: 3 }] }, message: 'busy {{model}}' },
        { id: 'nic', description: 'd', scope: 'device', conditions: { all: [{ fact: 'device', path: '$.kind', operator: 'equal', value: 'interface' }] }, message: 'nic {{model}}' },
      ],
    },
    'idx.yaml',
  );
  const messages = (await lintTextAsync(q35, resolveConfig([pack], []))).messages.map((m) => `${m.ruleId} ${m.message}`);
  assert.equal(messages.sort(), ['idx/any busy pcie-root', 'idx/bridges bridge 4', 'idx/nic nic e1000', 'idx/ports port 1', 'idx/ports port 2', 'idx/ports port 3']);
});

test('pack families limit where declarative rules run', async () => {
  const pack = declarativePack(
    { name: 'onlypseries', families: ['pseries'], rules: [{ id: 'all', description: 'd', scope: 'guest', conditions: { all: [{ fact: 'counts', path: '$.devices', operator: 'greaterThanInclusive', value: 0 }] }, message: 'seen' }] },
    'p.json',
  );
  assert.equal((await lintTextAsync(q35, resolveConfig([pack], []))).messages, []);
});

test('declarativePack: every problem named by file and key, in one error', () => {
  const error = (data: unknown) => {
    try {
      declarativePack(data, 'policy.yaml');
    } catch (e) {
      assert.instance(e, ConfigError);
      return (e as Error).message;
    }
    throw new Error('no error');
  };
  assert.is(error({ rules: [] }), 'policy.yaml: invalid declarative pack:\n  (top level): missing key "name"');
  assert.is(
    error({
      name: 'acme',
      rules: [
        { id: 'a', description: 'd', scope: 'device', severity: 'fatal', conditions: { all: [{ fact: 'device', operator: 'sameSlot', value: 'x' }] }, message: 'm' },
        { id: 'other/b', description: 'd', scope: 'guest', conditions: { all: [{ fact: 'device', operator: 'equal', value: 1 }], any: [] }, message: 'm' },
        { id: 'a', description: 'd', scope: 'guest', conditions: { not: { fact: 'free', path: '$.pcie[', operator: 'equal' } }, message: 'm' },
      ],
    }),
    `policy.yaml: invalid declarative pack:
  rules[0].severity: must be one of "warn", "error"
  rules[0].conditions.all[0].value: its value must be a PCI address dddd:bb:ss.f or a fact reference {"fact": ..., "path": ...}
  rules[1].id: "other/b" must start with "acme/" (or have no prefix)
  rules[1].conditions: has both "all" and "any"; nest one inside the other
  rules[2].id: "acme/a" is defined twice
  rules[2].conditions.not.path: brackets take a number ([0]) or a quoted key (['key'])
  rules[2].conditions.not: missing key "value"`,
  );
});

test('declarative rules are ordinary rules for configuration: default severity, docs, off', () => {
  const pack = declarativePack({ name: 'acme', rules: [{ id: 'a', description: 'Desc.', severity: 'error', scope: 'guest', conditions: { all: [{ fact: 'counts', path: '$.devices', operator: 'equal', value: 0 }] }, message: 'm' }] }, 'p.yaml');
  assert.equal(pack.configs.recommended.rules, { 'acme/a': 'error' });
  assert.is(pack.rules[0].meta.docs.description, 'Desc.');
  assert.is(resolveConfig([pack], [{ source: 'cfg', rules: { 'acme/a': 'off' } }]).rules.size, 0);
});

test('json-rules-engine is loaded only when a declarative rule is enabled, picomatch only when a glob is matched', () => {
  const probe = (withRule: boolean, operator = 'equal', value: unknown = -1) => {
    const code = `
      import { createRequire } from 'node:module';
      const core = await import(${JSON.stringify(new URL('../src/index.ts', import.meta.url).href)});
      const packs = ${withRule} ? [core.declarativePack({ name: 'p', rules: [{ id: 'r', description: 'd', scope: 'guest', conditions: { all: [{ fact: 'machine', path: '$.type', operator: ${JSON.stringify(operator)}, value: ${JSON.stringify(value)} }] }, message: 'm' }] }, 'p')] : [];
      await core.lintTextAsync(${JSON.stringify(q35)}, core.resolveConfig(packs, []));
      const cache = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({ engine: cache.some((k) => k.includes('json-rules-engine')), picomatch: cache.some((k) => k.includes('picomatch')) }));
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
    assert.is(run.status, 0, run.stderr);
    return JSON.parse(run.stdout) as { engine: boolean; picomatch: boolean };
  };
  assert.equal(probe(false), { engine: false, picomatch: false });
  assert.equal(probe(true), { engine: true, picomatch: false });
  assert.equal(probe(true, 'globMatch', 'pc-q35-*'), { engine: true, picomatch: true });
});

test.run();
