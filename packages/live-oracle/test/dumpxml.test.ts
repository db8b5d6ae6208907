import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { parseDumpXml, formatAddress } from '../src/dumpxml.js';
import { renameDomain } from '../src/libvirt.js';

// Recorded from libvirt 9.0 `dumpxml --inactive` (q35, usb + scsi + nic + disk, no addresses written).
const recorded = readFileSync(new URL('../../../fixtures/live-oracle/q35-dumpxml-inactive.xml', import.meta.url), 'utf8');

test('reads machine, controllers in document order and every PCI address', () => {
  const d = parseDumpXml(recorded);
  assert.is(d.machine, 'pc-q35-7.2');
  assert.is(d.arch, 'x86_64');
  assert.equal(d.controllers.map((c) => `${c.type}/${c.index}/${c.model}`), [
    'usb/0/qemu-xhci', 'scsi/0/virtio-scsi', 'sata/0/null', 'pci/0/pcie-root',
    'pci/1/pcie-root-port', 'pci/2/pcie-root-port', 'pci/3/pcie-root-port', 'pci/4/pcie-root-port', 'pci/5/pcie-root-port', 'pci/6/pcie-root-port',
  ]);
  assert.is(d.controllers[3].address, null);
  assert.equal(d.controllers[4].address, { domain: 0, bus: 0, slot: 1, function: 0 });
  assert.equal(d.devices.map((x) => `${x.kind}@${formatAddress(x.address)}`), [
    'disk@0000:04:00.0', 'controller@0000:02:00.0', 'controller@0000:03:00.0', 'controller@0000:00:1f.2',
    'controller@0000:00:01.0', 'controller@0000:00:01.1', 'controller@0000:00:01.2', 'controller@0000:00:01.3', 'controller@0000:00:01.4', 'controller@0000:00:01.5',
    'interface@0000:01:00.0', 'memballoon@0000:05:00.0',
  ]);
  assert.ok(d.devices[4].multifunction);
  assert.not.ok(d.devices[5].multifunction);
});

test('XML that does not parse is an error, not an empty topology', () => {
  assert.throws(() => parseDumpXml('<domain><devices>'), /does not parse/);
});

test('renameDomain replaces the name and drops the uuid', () => {
  const x = renameDomain("<domain type='qemu'><name>web</name><uuid>1234</uuid><memory>1</memory></domain>", 'pcilint-oracle-1-1');
  assert.is(x, "<domain type='qemu'><name>pcilint-oracle-1-1</name><memory>1</memory></domain>");
});

test.run();
