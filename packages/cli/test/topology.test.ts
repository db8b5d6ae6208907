import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { DEFAULT_SETTINGS } from '@pcilint/core';
import { formatHtml } from '../src/formatters/html.js';
import { repoRoot, runBin, runMain, tempTree } from './helpers.js';

const placement = (name: string) => path.join(repoRoot, 'fixtures/placement', name);

test('topology --format json: machine, controllers with origin and path, devices with predicted addresses', async () => {
  const r = await runMain(['topology', '--format', 'json', placement('q35-legacy.xml')]);
  assert.is(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.machine, { arch: 'x86_64', type: 'pc-q35-7.2', family: 'q35' });
  // libvirt 9.0 (oracle, fixtures/placement/q35-legacy.libvirt.txt): port 1 + pcie-to-pci-bridge 2 + spare port 3.
  const added = doc.controllers.filter((c: { origin: string }) => c.origin === 'predicted').map((c: { model: string; index: number }) => `${c.index} ${c.model}`);
  assert.equal(added, ['0 pcie-root', '1 pcie-root-port', '2 pcie-to-pci-bridge', '3 pcie-root-port']);
  const bridge = doc.controllers.find((c: { index: number }) => c.index === 2);
  assert.equal(bridge.address, { domain: 0, bus: 1, slot: 0, function: 0 });
  assert.is(bridge.path, null);
  const nic = doc.devices.find((d: { kind: string }) => d.kind === 'interface');
  assert.equal(nic.address, { domain: 0, bus: 2, slot: 1, function: 0 });
  assert.is(nic.origin, 'predicted');
  assert.is(nic.path, '/domain/devices/interface');
  assert.equal(doc.free.pciePorts, [3]);
  assert.equal(doc.free.conventionalSlots, [{ bus: 2, slots: Array.from({ length: 30 }, (_, i) => i + 2) }]);
});

test('topology text marks what is predicted and lists free hotplug slots', async () => {
  const r = await runMain(['topology', '--no-color', placement('q35-two-virtio.xml')]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /bus 0: pcie-root \(predicted\)/);
  assert.match(r.stdout, /00\.0 {2}disk 'vda' \(predicted\)/);
  assert.match(r.stdout, /free hotplug-capable PCIe ports: bus 5/);
  assert.match(r.stdout, /libvirt will add: pcie-root index 0, pcie-root-port index 1 at 00:01\.0/);
});

test('topology exits 1 with libvirt\'s error when the guest cannot be placed', async () => {
  const ports = Array.from({ length: 241 }, (_, i) => `<controller type='pci' index='${i + 1}' model='pcie-root-port'/>`).join('');
  const xml = `<domain><os><type arch='x86_64' machine='q35'>hvm</type></os><devices><controller type='pci' index='0' model='pcie-root'/>${ports}</devices></domain>`;
  const r = await runMain(['topology', '--stdin', '--no-color'], { input: xml });
  assert.is(r.code, 1);
  assert.match(r.stdout, /libvirt would refuse this domain: a PCI slot is needed to connect a PCI controller model='pcie-root-port'/);
});

// libvirt 9.0 (oracle, live-oracle run seed 1 guest 0): "XML error: Attempted double use of PCI Address 0000:00:0a.0".
test('topology of a guest libvirt refuses: REFUSED first, no free slots, refusals in JSON, exit 1', async () => {
  const xml = `<domain type='qemu'><os><type arch='x86_64' machine='q35'>hvm</type></os><devices>
<interface type='user'><model type='e1000e'/><address type='pci' domain='0x0000' bus='0x00' slot='0x0a' function='0x0'/></interface>
<rng model='virtio'><backend model='random'>/dev/urandom</backend><address type='pci' domain='0x0000' bus='0x00' slot='0x0a' function='0x0'/></rng>
</devices></domain>`;
  const text = await runMain(['topology', '--stdin', '--no-color'], { input: xml });
  assert.is(text.code, 1);
  assert.match(text.stdout.split('\n')[2], /^REFUSED: Attempted double use of PCI Address 0000:00:0a\.0/);
  assert.not.match(text.stdout, /free hotplug-capable PCIe ports/);
  assert.match(text.stdout, /free hotplug-capable slots: none, the domain would not be defined/);
  const json = await runMain(['topology', '--stdin', '--format', 'json'], { input: xml });
  assert.is(json.code, 1);
  const doc = [JSON.parse(json.stdout)].flat()[0];
  assert.match(doc.error, /Attempted double use/);
  assert.equal(doc.free, { pciePorts: [], conventionalSlots: [] });
  assert.equal(doc.refusals.map((r: { ruleId: string; line: number }) => `${r.ruleId}:${r.line}`), ['common/address-conflict:3']);
});

test('topology of an accepted guest has no refusals', async () => {
  const r = await runMain(['topology', '--format', 'json', placement('q35-two-virtio.xml')]);
  assert.is(r.code, 0);
  assert.equal(JSON.parse(r.stdout).refusals, []);
});

// Oracle (startAndHotplug, i440fx with pci.0 full but slot 31 and a pci-expander-bus): attach-device --live of
// e1000 NICs: 1 OK, then "unable to execute QEMU command 'device_add': Bus 'pci.1' does not support hotplugging".
test('free conventional slots leave out a pci-expander-bus, where QEMU cannot hotplug', async () => {
  const xml = `<domain type='qemu'><os><type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type></os><features><acpi/></features><devices>
<controller type='pci' index='1' model='pci-expander-bus'><target busNr='254'/></controller><memballoon model='none'/></devices></domain>`;
  const r = await runMain(['topology', '--stdin', '--format', 'json'], { input: xml });
  const doc = [JSON.parse(r.stdout)].flat()[0];
  assert.equal(doc.free.conventionalSlots.map((b: { bus: number }) => b.bus), [0]);
});

test('topology without a file is a usage error that points at topology --help', async () => {
  const r = await runMain(['topology']);
  assert.is(r.code, 2);
  assert.is(r.stderr, 'pcilint: topology needs at least one file\nRun "pcilint topology --help" for usage.\n');
});

test('topology has its own options and help', async () => {
  const help = await runMain(['topology', '--help']);
  assert.is(help.code, 0);
  assert.match(help.stdout, /^Usage: pcilint topology \[options\] <file\|dir\|glob>\.\.\.\n/);
  assert.match(help.stdout, /tree \(default\)[\s\S]*json[\s\S]*dot[\s\S]*svg/);
  // A lint option that means nothing here is refused, not ignored.
  const fix = await runMain(['topology', '--fix', placement('q35-legacy.xml')]);
  assert.is(fix.code, 2);
  assert.match(fix.stderr, /^pcilint: topology: unknown option "--fix"\n/);
  const format = await runMain(['topology', '--format', 'stylish', placement('q35-legacy.xml')]);
  assert.is(format.code, 2);
  assert.match(format.stderr, /unknown format "stylish"; expected one of: tree, json, dot, svg/);
  const svg = await runMain(['topology', '--format', 'svg', placement('q35-legacy.xml'), placement('virt-arm.xml')]);
  assert.is(svg.code, 2);
  assert.match(svg.stderr, /--format svg draws one guest/);
});

test('topology is a command only as the first word: elsewhere it is a file to lint', async () => {
  const guest = readFileSync(placement('q35-legacy.xml'), 'utf8');
  const dir = tempTree({ topology: guest });
  for (const argv of [['--no-color', 'topology'], ['--', 'topology'], ['--format', 'json', 'topology']]) {
    const r = await runMain(argv, { cwd: dir });
    assert.is(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
    assert.not.match(r.stdout, /machine pc-q35/, argv.join(' '));
  }
  const json = JSON.parse((await runMain(['--format', 'json', 'topology'], { cwd: dir })).stdout);
  assert.equal(json.map((r: { filePath: string }) => path.basename(r.filePath)), ['topology']);
  const drawn = await runMain(['topology', '--no-color', 'topology'], { cwd: dir });
  assert.match(drawn.stdout, /machine pc-q35-7\.2/);
});

test('topology through the built bin', () => {
  const r = runBin(['topology', placement('virt-arm.xml')]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /machine virt \(virt, aarch64\)/);
  assert.match(r.stdout, /01\.0  pcie-root-port index 1 multifunction \(predicted\)/);
});

test('topology of a QEMU command line: QEMU-chosen addresses are predicted, nothing is "added by libvirt"', async () => {
  const r = await runMain(['topology', '--no-color', path.join(repoRoot, 'fixtures/examples/q35-hand-written.args')]);
  // QEMU 7.2 refuses this command line (live-oracle qemuStart: "-device pcie-root-port,id=rp2,chassis=1,addr=0x3:
  // Can't add chassis slot, error -16"), so topology says so and exits 1; the tree is still shown.
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stdout, /REFUSED: pcie-root-port 'rp2' has chassis 1/);
  assert.match(r.stdout, /bus 0: pcie-root\n/);
  assert.match(r.stdout, /01\.0  interface \(e1000\) \(predicted\)/);
  assert.match(r.stdout, /02\.0  pcie-root-port index 1\n/);
  assert.not.match(r.stdout, /libvirt will add/);
});

test('html report: the same page on worker threads, from the cache and from --stdin', async () => {
  const files = ['q35', 'i440fx', 'pseries', 'virt'].map((g) => `fixtures/topology/${g}.xml`);
  // Worker threads load dist/lint-worker.js: through the built bin.
  const inline = runBin(['--format', 'html', '--concurrency', 'off', ...files]);
  const workers = runBin(['--format', 'html', '--concurrency', '2', ...files]);
  assert.is(inline.code, 1);
  assert.is(workers.stdout, inline.stdout);
  assert.is((inline.stdout.match(/<section class="guest"/g) ?? []).length, 4);
  // One picture per guest and the legend.
  assert.is((inline.stdout.match(/<svg /g) ?? []).length, 5);
  const dir = tempTree({ 'guest.xml': readFileSync(path.join(repoRoot, files[0]), 'utf8') });
  const cached = [1, 2].map(async () => (await runMain(['--format', 'html', '--cache', 'guest.xml'], { cwd: dir })).stdout);
  const [first, second] = [await cached[0], await cached[1]];
  assert.is(second, first);
  assert.match(second, /<svg /);
  const stdin = await runMain(['--format', 'html', '--stdin'], { input: readFileSync(path.join(repoRoot, files[1]), 'utf8') });
  assert.match(stdin.stdout, /<span class="file">&lt;text&gt;<\/span>/);
  assert.match(stdin.stdout, /Attempted double use of PCI Address 0000:00:01\.1/);
  assert.match(stdin.stdout, /<svg /);
});

test('a finding on the root controller marks the bus header', async () => {
  const xml = `<domain type='kvm'><os><type arch='x86_64' machine='pc-q35-7.2'>hvm</type></os><devices>
<controller type='pci' index='0' model='pci-root'/>
</devices></domain>`;
  const r = await runMain(['topology', '--stdin', '--no-color'], { input: xml });
  assert.is(r.code, 1);
  assert.match(r.stdout, /\nbus 0: pci-root {2}\[error 2:34 common\/root-model-matches-machine\]\n/);
  const json = [JSON.parse((await runMain(['topology', '--stdin', '--format', 'json'], { input: xml })).stdout)].flat()[0];
  assert.equal(json.findings[0].paths, ['/domain/devices/controller']);
});

test('html report: a file that does not parse gets its section without a picture', async () => {
  const r = await runMain(['--format', 'html', '--stdin'], { input: '<domain><devices></domain>' });
  assert.is(r.code, 1);
  assert.match(r.stdout, /<p class="not-drawn">No picture: the file does not parse \(1:\d+ [^<]+\)<\/p>/);
  assert.match(r.stdout, /<li class="finding error" id="g1-finding-1">/);
});

test('formatHtml on ESLint-shaped results (no range) draws the same pictures as the CLI, asking settingsFor for each file', async () => {
  const files = ['i440fx', 'q35'].map((g) => `fixtures/topology/${g}.xml`);
  const cli = (await runMain(['--format', 'html', ...files])).stdout;
  const results = JSON.parse((await runMain(['--format', 'json', ...files])).stdout)
    .map((r: { messages: { range?: unknown }[] }) => ({ ...r, messages: r.messages.map(({ range: _range, ...m }) => m) }));
  const asked: string[] = [];
  const page = await formatHtml(results, { cwd: repoRoot, settingsFor: (file) => (asked.push(path.relative(repoRoot, file)), DEFAULT_SETTINGS) });
  assert.equal(asked, files);
  const figures = (html: string) => html.match(/<figure class="picture">[\s\S]*?<\/figure>/g) ?? [];
  assert.is(figures(page).length, 2);
  assert.equal(figures(page), figures(cli));
  // Graphviz writes - as &#45; in SVG text.
  assert.match(figures(page)[0], /\[1\] error common\/address&#45;conflict/);
});

test.run();
