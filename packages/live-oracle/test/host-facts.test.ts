import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { parseDumpXml } from '../src/dumpxml.js';
import { libvirtPlacement, pcilintPlacement, placementDiff } from '../src/compare.js';
import { pcilint } from '../src/pcilint-cli.js';

// Recorded by defineDomain on the oracle host, whose 0000:00:03.0 is a conventional
// PCI NIC (256-byte config space, no PCIe capability) with no IOMMU group; libvirtd
// logged "Can't look up isolation group for host device 0000:00:03.0, device won't be isolated".
const dir = new URL('../../../fixtures/host-facts/', import.meta.url);
const facts = new URL('oracle-host.json', dir).pathname;

for (const family of ['q35', 'virt', 'pseries']) {
  const guest = readFileSync(new URL(`${family}-conventional-hostdev.xml`, dir), 'utf8');
  const recorded = parseDumpXml(readFileSync(new URL(`${family}-conventional-hostdev.libvirt.xml`, dir), 'utf8'));

  test(`${family}: with the host's facts, topology equals libvirt's placement of a conventional, ungrouped host device`, () => {
    const mine = pcilint(guest, ['--host-facts', facts]);
    assert.ok(mine.topology);
    assert.equal(placementDiff(libvirtPlacement(recorded), pcilintPlacement(mine.topology!)), []);
  });

  test(`${family}: without host facts pcilint assumes an Express, isolatable device and differs from libvirt here`, () => {
    const mine = pcilint(guest);
    assert.ok(placementDiff(libvirtPlacement(recorded), pcilintPlacement(mine.topology!)).length > 0);
  });
}

test('q35: the conventional host device sits behind the pcie-to-pci-bridge libvirt added', () => {
  const recorded = parseDumpXml(readFileSync(new URL('q35-conventional-hostdev.libvirt.xml', dir), 'utf8'));
  const bridge = recorded.controllers.find((c) => c.model === 'pcie-to-pci-bridge')!;
  assert.ok(bridge);
  assert.is(recorded.devices.find((d) => d.kind === 'hostdev')!.address.bus, bridge.index);
});

test('a bad host-facts file is refused with file, line and column and exit 2', () => {
  const mine = pcilint(readFileSync(new URL('q35-conventional-hostdev.xml', dir), 'utf8'), ['--host-facts', new URL('q35-conventional-hostdev.xml', dir).pathname]);
  assert.is(mine.topologyExitCode, 2);
  assert.match(mine.stderr, /q35-conventional-hostdev\.xml:1:1: not valid JSON/);
});

test.run();
