import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { olderQemuSettings } from '../src/metrics/recall.js';
import type { ManifestEntry, ManifestRun } from '../src/manifest.js';

const run = (expect: string, capsVersion: string | null, mode = capsVersion ? 'version-caps' : 'latest-caps'): ManifestRun => ({
  mode, test: 'qemuxml2argvtest', expect, output: null, capsKey: `${mode} x86_64 ${capsVersion ?? ''}`, capsVersion,
});

const entry = (runs: ManifestRun[]): ManifestEntry => ({
  name: 'case', input: 'qemuxml2argvdata/case.xml', machineFamily: 'i440fx', xml2xml: [], errText: 'x', runs, pci: true, pciError: true,
});

test('a case failing only with QEMU 5.1 caps is linted without the 5.2 PIIX4 root hotplug property', () => {
  assert.equal(olderQemuSettings(entry([run('pass', null), run('failure', '5.1.0')])), { caps: { piix4RootHotplugAttr: false } });
});

test('before QEMU 5.0 the root-port hotplug property is missing too', () => {
  assert.equal(olderQemuSettings(entry([run('pass', null), run('failure', '4.2.0')])), {
    caps: { piix4RootHotplugAttr: false, rootPortHotplugAttr: false },
  });
});

test('no older-QEMU settings when the case always fails, fails with current caps, or with fake caps', () => {
  assert.is(olderQemuSettings(entry([run('failure', '5.1.0')])), null);
  assert.is(olderQemuSettings(entry([run('pass', null), run('failure', '7.2.0')])), null);
  assert.is(olderQemuSettings(entry([run('pass', null), run('failure', null, 'fake-caps')])), null);
});

test.run();
