import { defineRule, type ControllerNode, type FixFunction, type PciControllerModel, type XmlAttribute } from '@pcilint/core';

/**
 * qemuDomainDefAddDefaultDevices (src/qemu/qemu_domain.c:3985).
 * Whatever model ends up at index 0 is checked: an unindexed pcie-root-port in
 * a q35 XML without pcie-root takes index 0 and libvirt refuses the domain.
 * That case is fixed by writing the root before it (the ports then take
 * indexes from 1, as the user meant); a root of the wrong model is renamed.
 */
export default defineRule({
  meta: {
    id: 'common/root-model-matches-machine',
    type: 'problem',
    docs: { description: 'The PCI controller with index 0 must be the root model the machine type requires.', rationale: "Each machine type has one root bus model (pcie-root on q35 and virt, pci-root on i440fx and pseries); libvirt refuses a domain whose index 0 PCI controller has another model." },
    defaultSeverity: 'error',
    fixable: true,
    messages: {
      wrongRoot: "The PCI controller with index='0' must be model='{{expected}}' for '{{machine}}', not '{{actual}}'.",
    },
  },
  check(graph, context) {
    const root = graph.root;
    if (!root || root.origin !== 'written' || !root.model) return;
    const expected = graph.machine.expectedRoot;
    if (root.model === expected) return;
    // Extra pseries PHBs are pci-root too, but index 0 is always the default PHB.
    const modelAttr = root.element?.attributes.find((a) => a.name === 'model');
    context.report({
      node: root,
      at: modelAttr,
      messageId: 'wrongRoot',
      data: { expected, machine: graph.machine.type, actual: root.model },
      fix: fixFor(root, expected, modelAttr),
    });
  },
});

function fixFor(root: ControllerNode, expected: PciControllerModel, modelAttr: XmlAttribute | undefined): FixFunction | null {
  const element = root.element;
  if (!element) return null;
  // Written without an index: the user meant a non-root controller; the root was forgotten.
  if (!root.indexField) return (fixer) => fixer.insertControllers([{ index: 0, model: expected }], element);
  // Renaming a bridge or port into the root would drop a bus its children use: only fix root-for-root.
  if (modelAttr && root.info?.root) return (fixer) => fixer.setValue(modelAttr, expected);
  return null;
}
