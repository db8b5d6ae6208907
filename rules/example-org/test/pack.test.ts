import { lintTextAsync, resolveConfig, isDeclarativeRule } from '@pcilint/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import pack from '../src/index.js';

test('one pack: eight declarative rules from rules.yaml and the TypeScript rule, all on in the recommended preset', () => {
  assert.is(pack.name, 'example-org');
  const declarative = pack.rules.filter(isDeclarativeRule).map((r) => r.meta.id);
  assert.equal(declarative, [
    'example-org/spare-root-ports',
    'example-org/no-e1000-on-q35',
    'example-org/gpu-own-phb',
    'example-org/aarch64-no-pci-bridges',
    'example-org/aarch64-no-conventional-pci',
    'example-org/occupied-ports-hotplug-off',
    'example-org/nic-explicit-address',
    'example-org/appliance-slots-reserved',
  ]);
  assert.equal(pack.rules.filter((r) => !isDeclarativeRule(r)).map((r) => r.meta.id), ['example-org/unique-mac']);
  assert.is(Object.keys(pack.configs.recommended.rules).length, 9);
  assert.is(pack.configs.recommended.rules['example-org/occupied-ports-hotplug-off'], 'warn');
});

test('on a QEMU command line the declarative rules point at the -device argument', async () => {
  const only = Object.fromEntries(pack.rules.map((r) => [r.meta.id, r.meta.id === 'example-org/no-e1000-on-q35' ? 'error' : 'off']));
  const config = resolveConfig([pack], [{ source: 'test', rules: only as never }]);
  const text = 'qemu-system-x86_64 -machine q35 -nodefaults \\\n  -device virtio-net-pci,id=n0 \\\n  -device e1000,id=n1\n';
  const messages = (await lintTextAsync(text, config)).messages.filter((m) => m.ruleId !== null);
  assert.equal(
    messages.map((m) => `${m.line}:${m.column} ${text.slice(m.range[0], m.range[1])}: ${m.message}`),
    ['3:11 e1000,id=n1: interface (e1000) is conventional PCI: on q35 it needs a pcie-to-pci-bridge and cannot be hot-unplugged; use model virtio (or e1000e)'],
  );
});

test.run();
