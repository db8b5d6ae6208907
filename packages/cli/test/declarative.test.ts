import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fixture, readFixture, removeTree, repoRoot, runBin, runMain, tempTree, type JsonResult } from './helpers.js';

const PACKS = (name: string) => fixture('packs', name);
const q35 = readFileSync(path.join(repoRoot, 'fixtures/examples/q35-web-server.xml'), 'utf8');
const i440fx = readFileSync(path.join(repoRoot, 'fixtures/examples/i440fx-legacy.xml'), 'utf8');
const withBridge = `<domain type='kvm'>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <controller type='pci' index='1' model='pci-bridge'/>
  </devices>
</domain>
`;

/** Only the findings of one pack, as "file line:column severity rule message". */
function findingsOf(stdout: string, prefix: string): string[] {
  const results = JSON.parse(stdout) as JsonResult[];
  return results.flatMap((r) =>
    r.messages
      .filter((m) => m.ruleId?.startsWith(prefix))
      .map((m) => `${path.basename(r.filePath)} ${m.line}:${m.column} ${m.severity} ${m.ruleId} ${m.message}`),
  );
}

test('a JSON declarative pack by path: device and guest rules, templates filled, located at the node', async () => {
  const dir = tempTree({ '.pcilintrc.json': JSON.stringify({ packs: [PACKS('policy-pack.json')] }), 'q35.xml': q35, 'i440fx.xml': i440fx });
  try {
    const { code, stdout, stderr } = await runMain(['--format', 'json', '.'], { cwd: dir });
    assert.is(stderr, '');
    assert.is(code, 1);
    assert.equal(findingsOf(stdout, 'acme/'), [
      'i440fx.xml 15:5 2 acme/virtio-only interface (e1000) on pci-root 0 is not virtio',
      'q35.xml 6:5 1 acme/few-devices 3 virtio devices on a q35 guest',
    ]);
  } finally {
    removeTree(dir);
  }
});

test('a YAML declarative pack by path; severities and "off" from the configuration apply to its rules', async () => {
  const config = { packs: [PACKS('policy-pack.yaml'), PACKS('policy-pack.json')], rules: { 'acme-yaml/no-bridges': 'error', 'acme/few-devices': 'off' } };
  const dir = tempTree({ '.pcilintrc.json': JSON.stringify(config), 'bridge.xml': withBridge, 'q35.xml': q35 });
  try {
    const { stdout } = await runMain(['--format', 'json', '.'], { cwd: dir });
    assert.equal(findingsOf(stdout, 'acme'), ['bridge.xml 4:5 2 acme-yaml/no-bridges pci-bridge index 1 is a bridge']);
  } finally {
    removeTree(dir);
  }
});

test('a package whose main is a JSON pack loads by package name', async () => {
  const dir = tempTree({
    'node_modules/acme-policy/package.json': JSON.stringify({ name: 'acme-policy', version: '1.0.0', main: 'policy.json' }),
    'node_modules/acme-policy/policy.json': readFixture('packs', 'policy-pack.json'),
    '.pcilintrc.json': JSON.stringify({ packs: ['acme-policy'] }),
    'i440fx.xml': i440fx,
  });
  try {
    const { stdout } = await runMain(['--format', 'json', '.'], { cwd: dir });
    assert.equal(findingsOf(stdout, 'acme/'), ['i440fx.xml 15:5 2 acme/virtio-only interface (e1000) on pci-root 0 is not virtio']);
  } finally {
    removeTree(dir);
  }
});

test('a YAML pack by package subpath export: @pcilint/rules-example-org/rules.yaml, the declarative rules alone', async () => {
  const dir = tempTree({ '.pcilintrc.json': JSON.stringify({ packs: ['@pcilint/rules-example-org/rules.yaml'] }) });
  try {
    // Packages resolve from the config file's directory only: install the pack there, as a project would.
    mkdirSync(path.join(dir, 'node_modules/@pcilint'), { recursive: true });
    symlinkSync(path.join(repoRoot, 'rules/example-org'), path.join(dir, 'node_modules/@pcilint/rules-example-org'));
    const { code, stdout } = await runMain(['--list-rules', '--format', 'json'], { cwd: dir });
    assert.is(code, 0);
    const ids = (JSON.parse(stdout) as { id: string }[]).map((r) => r.id).filter((id) => id.startsWith('example-org/'));
    assert.is(ids.length, 8);
    assert.not.ok(ids.includes('example-org/unique-mac'), 'the TypeScript rule comes only with the package entry');
  } finally {
    removeTree(dir);
  }
});

test('an invalid declarative pack: exit 2, every problem named by file and key', async () => {
  const dir = tempTree({ '.pcilintrc.json': JSON.stringify({ packs: [PACKS('bad-policy-pack.yaml')] }), 'q35.xml': q35 });
  try {
    const { code, stdout, stderr } = await runMain(['.'], { cwd: dir });
    assert.is(code, 2);
    assert.is(stdout, '');
    assert.fixture(
      stderr,
      `pcilint: ${PACKS('bad-policy-pack.yaml')}: invalid declarative pack:
  rules[1]: missing key "description"
  rules[1]: unknown key "colour"
  rules[0].conditions.all[0].fact: unknown fact "controller" for scope "device" (facts: machine, counts, free, placementError, device)
  rules[0].conditions.all[1].operator: unknown operator "globmatch" (operators: equal, notEqual, in, notIn, contains, doesNotContain, lessThan, lessThanInclusive, greaterThan, greaterThanInclusive, globMatch, globNotMatch, addressIn, addressNotIn, someNotIn, sameSlot)
  rules[0].conditions.all[2].any[0].path: JSONPath filters, wildcards and recursive descent are not supported: use a plain property path such as "$.bus.model"
  rules[0].conditions.all[2].any[1].value: "00:1f" is not a PCI address pattern (expected dddd:bb:ss.f, bb:ss.f, fields may be *)
  rules[1].conditions.all: must be a non-empty array of conditions
`,
    );
  } finally {
    removeTree(dir);
  }
});

test('a YAML syntax error in a pack names the file, line and column', async () => {
  const dir = tempTree({ '.pcilintrc.json': JSON.stringify({ packs: [PACKS('bad-syntax-pack.yaml')] }), 'q35.xml': q35 });
  try {
    const { code, stderr } = await runMain(['.'], { cwd: dir });
    assert.is(code, 2);
    assert.is(
      stderr,
      `pcilint: cannot parse pack ${PACKS('bad-syntax-pack.yaml')}: Flow sequence in block collection must be sufficiently indented and end with a ] at line 4, column 1\n`,
    );
  } finally {
    removeTree(dir);
  }
});

test('declarative rules run in worker threads and on command lines (located at the -device token)', async () => {
  const args = `qemu-system-x86_64 -machine q35 \\\n  -device e1000,id=net0\n`;
  const files: Record<string, string> = { '.pcilintrc.json': JSON.stringify({ packs: [PACKS('policy-pack.json')] }), 'guest.args': args };
  for (let i = 0; i < 40; i++) files[`g${i}.xml`] = i440fx;
  const dir = tempTree(files);
  try {
    const { code, stdout, stderr } = runBin(['--format', 'json', '--concurrency', '2', '.'], { cwd: dir });
    assert.is(stderr, '');
    assert.is(code, 1);
    const found = findingsOf(stdout, 'acme/virtio-only');
    // 40 XML guests, the e1000 of the command line and QEMU's default NIC (no -nodefaults), at -machine's value.
    assert.is(found.length, 42);
    assert.equal(found.filter((f) => f.startsWith('guest.args')), [
      'guest.args 1:29 2 acme/virtio-only interface (e1000e) on pcie-root 0 is not virtio',
      'guest.args 2:11 2 acme/virtio-only interface (e1000) on pcie-root 0 is not virtio',
    ]);
  } finally {
    removeTree(dir);
  }
});

test('--fix-dry-run: declarative findings are those of the fixed text', async () => {
  const dir = tempTree({ '.pcilintrc.json': JSON.stringify({ packs: [PACKS('policy-pack.json')] }), 'i440fx.xml': i440fx });
  try {
    const { stdout } = await runMain(['--fix-dry-run', '--format', 'json', '.'], { cwd: dir });
    assert.equal(findingsOf(stdout, 'acme/'), ['i440fx.xml 15:5 2 acme/virtio-only interface (e1000) on pci-root 0 is not virtio']);
  } finally {
    removeTree(dir);
  }
});

test('--cache: editing a declarative pack invalidates cached results', async () => {
  const pack = readFixture('packs', 'policy-pack.json');
  const dir = tempTree({ 'policy.json': pack, '.pcilintrc.json': JSON.stringify({ packs: ['./policy.json'] }), 'i440fx.xml': i440fx });
  try {
    const run = async () => findingsOf((await runMain(['--cache', '--format', 'json', 'i440fx.xml'], { cwd: dir })).stdout, 'acme/');
    assert.equal(await run(), ['i440fx.xml 15:5 2 acme/virtio-only interface (e1000) on pci-root 0 is not virtio']);
    writeFileSync(path.join(dir, 'policy.json'), pack.replace('is not virtio', 'must be virtio'));
    assert.equal(await run(), ['i440fx.xml 15:5 2 acme/virtio-only interface (e1000) on pci-root 0 must be virtio']);
  } finally {
    removeTree(dir);
  }
});

test('fixtures/projects/example-org: the example organisation pack by package name, with overrides: exact output', () => {
  const project = path.join(repoRoot, 'fixtures/projects/example-org');
  const { code, stdout, stderr } = runBin(['guests'], { cwd: project });
  assert.is(stderr, '');
  assert.is(code, 1);
  const expected = readFileSync(path.join(project, 'expected-output.txt'), 'utf8');
  if (process.env.UPDATE_GOLDENS) writeFileSync(path.join(project, 'expected-output.txt'), stdout.split(project).join('<project>'));
  assert.fixture(stdout.split(project).join('<project>'), expected);
});

test('fixtures/projects/example-org: the inline suppression is kept, with its reason, in suppressedMessages', () => {
  const project = path.join(repoRoot, 'fixtures/projects/example-org');
  const { stdout } = runBin(['-f', 'json', 'guests/web-01.xml'], { cwd: project });
  const [web] = JSON.parse(stdout) as { messages: { ruleId: string }[]; suppressedMessages: { ruleId: string; line: number; suppressions: { kind: string; justification: string }[] }[] }[];
  assert.equal(web!.suppressedMessages.map((m) => [m.ruleId, m.line, m.suppressions]), [
    ['example-org/occupied-ports-hotplug-off', 24, [{ kind: 'directive', justification: 'the balloon may be unplugged: the team resizes guests by replacing it' }]],
  ]);
  assert.equal(web!.messages.filter((m) => m.ruleId === 'example-org/occupied-ports-hotplug-off').length, 2);
});

test.run();
