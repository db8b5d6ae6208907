import { attribute, defineRule, parseDecimalInteger } from '@pcilint/core';

/**
 * qemuDomainControllerDefPostParse (src/qemu/qemu_domain.c:5329), virDomainControllerDefValidate
 * and qemuValidateDomainDeviceDefControllerPCI. libvirt parses
 * `index` in base 10 (virXMLPropInt(..., 10, VIR_XML_PROP_NONNEGATIVE)), so
 * `0x1` is refused and `010` means 10: the text is re-parsed here rather
 * than taken from the graph.
 */
export default defineRule({
  meta: {
    id: 'common/controller-index-rules',
    type: 'problem',
    docs: {
      description:
        'A PCI controller index must be a decimal number from 0 to 255; root models (pci-root, pcie-root) may use no index but 0 (pseries PHBs excepted).',
      rationale:
        "libvirt reads a controller index in decimal and refuses a negative one or one above 255. pci-root and pcie-root controllers must have index 0, except extra pci-root PHBs on pseries.",
    },
    defaultSeverity: 'error',
    messages: {
      notANumber: "Invalid value for attribute 'index' in element 'controller': '{{text}}'. Expected integer value.",
      negative: "Invalid value for attribute 'index' in element 'controller': '{{text}}'. Expected non-negative value.",
      tooHigh: 'PCI controller index {{index}} too high, maximum is 255.',
      rootNotZero: "A {{model}} must have index 0, not {{index}} (only pseries takes extra pci-root PHBs).",
      rootMustBeZero: "Index for '{{model}}' controllers must be 0: this one has index {{index}}.",
    },
  },
  check(graph, context) {
    const pseries = graph.machine.family === 'pseries';
    for (const c of graph.controllers) {
      if (c.origin !== 'written' || !c.element) continue;
      const indexAttr = c.indexField?.attr ?? null;
      let index = c.index;
      if (indexAttr) {
        const parsed = parseDecimalInteger(indexAttr.value);
        if (parsed === null) {
          context.report({ node: c, at: indexAttr, messageId: 'notANumber', data: { text: indexAttr.value } });
          continue;
        }
        if (parsed < 0) {
          context.report({ node: c, at: indexAttr, messageId: 'negative', data: { text: indexAttr.value } });
          continue;
        }
        index = parsed;
      }
      if (index === null) continue;
      const at = indexAttr ?? attribute(c.element, 'model') ?? null;
      if (index > 255) {
        // virDomainControllerDefValidate (src/conf/domain_validate.c).
        context.report({ node: c, at, messageId: 'tooHigh', data: { index: indexAttr?.value.trim() ?? index } });
        continue;
      }
      if (!c.model || !c.info) continue;
      if (c.info.root) {
        if (index === 0) continue;
        // Extra PHBs on pseries are pci-root controllers at any index (`qemuDomainSetupIsolationGroups`, `src/qemu/qemu_domain_address.c:1416`).
        if (pseries && c.model === 'pci-root') continue;
        // qemuDomainControllerDefPostParse rejects roots off index 0 except on
        // pseries, where qemuValidateDomainDeviceDefControllerPCI catches a
        // pcie-root with its own wording (checked with the oracle).
        context.report({ node: c, at, messageId: pseries ? 'rootMustBeZero' : 'rootNotZero', data: { model: c.model, index } });
        continue;
      }
      // A non-root model at index 0 is common/root-model-matches-machine's: libvirt
      // reports it as the wrong root model (oracle), so it is not reported twice.
    }
  },
});
