import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { definePack, defineRule, lintText, resolveConfig } from '../src/index.js';

// Reports every written node, so each message's nodePath can be checked.
const everyNode = defineRule({
  meta: { id: 'demo/every-node', type: 'suggestion', docs: { description: 'test rule' }, defaultSeverity: 'warn', messages: { m: '{{id}}' } },
  check(graph, context) {
    for (const node of [...graph.controllers, ...graph.devices]) {
      if (node.origin === 'written') context.report({ node, at: node.address?.slot?.attr, messageId: 'm', data: { id: node.id } });
    }
  },
});
const machineOnly = defineRule({
  meta: { id: 'demo/machine', type: 'suggestion', docs: { description: 'test rule' }, defaultSeverity: 'warn', messages: { m: 'machine' } },
  check(_graph, context) {
    context.report({ messageId: 'm' });
  },
});
const config = resolveConfig([definePack({ name: 'demo', description: 'test', families: 'all', rules: [everyNode, machineOnly] })], []);

const domain = (extra: string) => `<domain type='kvm'>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices>${extra}
    <controller type='pci' index='0' model='pcie-root'/>
    <controller type='pci' index='1' model='pcie-root-port'/>
    <disk type='file' device='disk'><target dev='vda' bus='virtio'/></disk>
    <interface type='network'><mac address='52:54:00:AA:BB:CC'/><model type='virtio'/></interface>
    <video><model type='virtio'/></video>
    <sound model='ich9'><alias name='ua-sound'/></sound>
  </devices>
</domain>`;

test('XML nodes are named by what identifies them to libvirt', () => {
  const paths = lintText(domain(''), config).messages.map((m) => `${m.ruleId} ${m.nodePath}`);
  assert.equal(paths, [
    'demo/machine /domain/os/type',
    "demo/every-node /domain/devices/controller[@type='pci'][@index='0']",
    "demo/every-node /domain/devices/controller[@type='pci'][@index='1']",
    "demo/every-node /domain/devices/disk[target/@dev='vda']",
    "demo/every-node /domain/devices/interface[mac/@address='52:54:00:aa:bb:cc']",
    'demo/every-node /domain/devices/video[1]',
    "demo/every-node /domain/devices/sound[alias/@name='ua-sound']",
  ]);
});

test('paths do not change when unrelated devices are added before them', () => {
  const before = lintText(domain(''), config).messages;
  const after = lintText(domain(`
    <disk type='file' device='disk'><target dev='vdb' bus='virtio'/></disk>
    <controller type='usb' index='0' model='qemu-xhci'/>`), config).messages;
  const root = "/domain/devices/controller[@type='pci'][@index='0']";
  const lineOf = (messages: typeof before) => messages.find((m) => m.nodePath === root)?.line ?? 0;
  assert.is(lineOf(after), lineOf(before) + 2, 'the lines did move');
  const beforePaths = new Set(before.map((m) => m.nodePath));
  const added = after.map((m) => m.nodePath).filter((p) => !beforePaths.has(p));
  assert.equal(added, ["/domain/devices/disk[target/@dev='vdb']", "/domain/devices/controller[@type='usb'][@index='0']"]);
});

test('command-line devices are named by id, else by driver and ordinal', () => {
  const argv = [
    'qemu-system-x86_64 -machine q35',
    '-device pcie-root-port,id=rp1,chassis=1',
    '-device virtio-net-pci,bus=rp1,addr=0x0',
    '-device e1000,addr=0x5',
    '-device e1000,addr=0x6',
  ].join(' \\\n  ');
  const paths = lintText(argv, config).messages.filter((m) => m.ruleId === 'demo/every-node').map((m) => m.nodePath);
  assert.ok(paths.includes("-device[@id='rp1']"), paths.join('\n'));
  assert.ok(paths.includes("-device[@driver='virtio-net-pci'][1]"), paths.join('\n'));
  assert.ok(paths.includes("-device[@driver='e1000'][1]"), paths.join('\n'));
  assert.ok(paths.includes("-device[@driver='e1000'][2]"), paths.join('\n'));
  // Devices the machine implies (q35's SATA, ...) hang off -machine.
  assert.ok(paths.every((p) => p?.startsWith('-device[') || p?.startsWith('-machine/')), paths.join('\n'));
});

test('a file that does not parse has the document path', () => {
  const [message] = lintText('<domain><devices></domain>', config).messages;
  assert.is(message.fatal, true);
  assert.is(message.nodePath, '/');
});

test.run();
