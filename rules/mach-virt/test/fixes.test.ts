import { fileURLToPath } from 'node:url';
import { test } from '@pcilint/rule-tester';
import pack from '../src/index.js';
// The before/after harness lives with the common pack's tests (test code only, not part of either package).
import { registerFixPairTests } from '../../common/test/fix-pairs.js';

registerFixPairTests(pack, fileURLToPath(new URL('../../../fixtures/rules/mach-virt/', import.meta.url)), [
  'mach-virt/virtio-mmio-blocks-pci',
  'mach-virt/legacy-hotplug-needs-bridge',
]);
test.run();
