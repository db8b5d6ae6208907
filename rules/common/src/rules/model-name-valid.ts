import { attribute, child, CONTROLLER_MODELS, defineRule, isPciControllerModel, type FixFunction } from '@pcilint/core';

/**
 * qemuValidateDomainDeviceDefControllerPCI
 * (src/qemu/qemu_validate.c:3636-3762). The catalog lists the valid
 * `<model name>` per model; pci-root takes spapr-pci-host-bridge on pseries
 * only, pcie-root takes none. An unknown `model='...'` is refused by the
 * parser: "Unknown model type 'foo'" (checked with the oracle).
 */
// Built once, not per guest: they were most of this rule's time in a fleet run.
const KNOWN_MODELS = Object.keys(CONTROLLER_MODELS).join(', ');
const ALL_MODEL_NAMES: ReadonlySet<string> = new Set(Object.values(CONTROLLER_MODELS).flatMap((m) => m.modelNames));

export default defineRule({
  meta: {
    id: 'common/model-name-valid',
    type: 'problem',
    docs: {
      description:
        "A PCI controller's model must be one libvirt knows, and its <model name> must be a QEMU device that implements that model.",
      rationale:
        "libvirt refuses an unknown PCI controller model and a <model name> that is not the QEMU device implementing the model. Known models: pci-root, pcie-root, pci-bridge, dmi-to-pci-bridge, pcie-to-pci-bridge, pcie-root-port, pcie-switch-upstream-port, pcie-switch-downstream-port, pci-expander-bus, pcie-expander-bus. pcie-root takes no <model name>; pci-root takes spapr-pci-host-bridge only on pseries.",
    },
    defaultSeverity: 'error',
    machineIndependent: true,
    fixable: true,
    messages: {
      unknownModel: "Unknown model type '{{model}}' for a PCI controller: see the rule docs for the known models.",
      invalidName: "<model name='{{name}}'> is invalid for a {{model}}: use {{valid}}.",
      unknownName: "Unknown <model name='{{name}}'>: {{hint}}.",
      nameNotAllowed: "<model name='{{name}}'> is not valid for a {{model}}: {{why}}.",
    },
  },
  check(graph, context) {
    const pseries = graph.machine.family === 'pseries';
    for (const c of graph.controllers) {
      if (c.origin !== 'written' || !c.element) continue;
      if (c.modelText !== null && !isPciControllerModel(c.modelText)) {
        context.report({ node: c, at: attribute(c.element, 'model'), messageId: 'unknownModel', data: { model: c.modelText, known: KNOWN_MODELS } });
        continue;
      }
      if (!c.model || !c.modelName) continue;
      const name = c.modelName.value;
      const index = c.index ?? '?';
      // pci-root: the PHB name on pseries, nothing elsewhere; pcie-root: never.
      const valid =
        c.model === 'pci-root' ? (pseries ? ['spapr-pci-host-bridge'] : []) : CONTROLLER_MODELS[c.model].modelNames;
      const modelElement = child(c.element, 'model');
      const removeFix: FixFunction | null = modelElement && modelElement.attributes.length === 1 ? (fixer) => fixer.removeElement(modelElement) : null;
      const nameAttr = c.modelName.attr;
      // The canonical QEMU driver: the first listed, except that the
      // generic pcie-root-port is what libvirt picks when QEMU has it.
      const canonical = valid.length === 0 ? null : c.model === 'pcie-root-port' ? 'pcie-root-port' : valid[0];
      if (!ALL_MODEL_NAMES.has(name)) {
        // The XML parser refuses names outside virDomainControllerPCIModelName.
        context.report({
          node: c,
          at: c.modelName.attr,
          messageId: 'unknownName',
          data: { name, hint: canonical ? `use '${canonical}' for ${c.model}` : `${c.model} takes no <model name> here` },
          fix: canonical ? (fixer) => fixer.setValue(nameAttr, canonical) : removeFix,
        });
        continue;
      }
      if (valid.length === 0 || canonical === null) {
        const why =
          c.model === 'pcie-root'
            ? 'pcie-root takes none'
            : 'only pseries takes one';
        context.report({
          node: c,
          at: c.modelName.attr,
          messageId: 'nameNotAllowed',
          data: { index, model: c.model, name, why },
          fix: removeFix,
        });
        continue;
      }
      if (valid.includes(name)) continue;
      context.report({
        node: c,
        at: c.modelName.attr,
        messageId: 'invalidName',
        data: { index, model: c.model, name, valid: valid.map((v) => `'${v}'`).join(' or ') },
        fix: (fixer) => fixer.setValue(nameAttr, canonical),
      });
    }
  },
});
