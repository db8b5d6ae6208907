import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { parseDumpXml } from '../src/dumpxml.js';
import { libvirtPlacement, pcilintPlacement, placementDiff } from '../src/compare.js';
import { pcilint } from '../src/pcilint-cli.js';

// Each NAME.xml beside NAME.libvirt.xml: the guest and libvirt 9.0's `dumpxml --inactive`
// of it, recorded by defineDomain (controller insertion order per type, index-less
// controllers numbered 0, 1, ...). pcilint topology must reproduce every PCI address.
const dir = new URL('../../../fixtures/oracle-recorded/', import.meta.url);
const names = readdirSync(dir).filter((f) => f.endsWith('.libvirt.xml')).map((f) => f.replace(/\.libvirt\.xml$/, ''));

test('the recorded set is there', () => assert.ok(names.length >= 5));

for (const name of names) {
  test(`${name}: topology equals libvirt's recorded placement`, () => {
    const guest = readFileSync(new URL(`${name}.xml`, dir), 'utf8');
    const recorded = parseDumpXml(readFileSync(new URL(`${name}.libvirt.xml`, dir), 'utf8'));
    const mine = pcilint(guest);
    assert.equal(placementDiff(libvirtPlacement(recorded), pcilintPlacement(mine.topology!)), []);
    // Labels carry the index libvirt gives: one label per controller, no two alike.
    const labels = mine.topology!.devices.filter((d) => d.kind === 'controller').map((d) => d.label);
    assert.is(new Set(labels).size, labels.length, labels.join(' | '));
  });
}

test.run();
