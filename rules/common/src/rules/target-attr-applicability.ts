import { defineRule, type ControllerNode, type MachineFamily, type XmlAttribute, type XmlElement } from '@pcilint/core';
import { optionName } from '../util/qemu-properties.js';

/** libvirt's option names, as its messages print them. */
type Option = 'chassisNr' | 'chassis' | 'port' | 'busNr' | 'targetIndex' | 'numaNode' | 'hotplug';

/**
 * qemuValidateDomainDeviceDefControllerPCI
 * (src/qemu/qemu_validate.c:3617) refuses a `<target>` option on a model
 * that does not take it. The catalog's `targetOptions` / `hotplugAttribute`
 * say which model takes what; `index` (targetIndex) and `<node>` on pci-root
 * exist only for pseries PHBs. `<node>` on the index-0 PHB has its own
 * error (pseries/default-phb-no-numa). `<pcihole64>` on a non-root model is
 * not reported: libvirt 9.0 accepts and drops it (checked with the oracle).
 */
function allows(c: ControllerNode, option: Option, family: MachineFamily): boolean {
  const info = c.info!;
  switch (option) {
    case 'targetIndex':
      return c.model === 'pci-root' && family === 'pseries';
    case 'numaNode':
      return c.model === 'pci-root' ? family === 'pseries' : info.targetOptions.includes('node');
    case 'hotplug':
      return info.hotplugAttribute;
    default:
      return info.targetOptions.includes(option);
  }
}

/** The modelName libvirt prints in the message: written, else its default, else 'none'. */
function modelNameFor(c: ControllerNode, family: MachineFamily): string {
  if (c.modelName) return c.modelName.value;
  if (c.model === 'pcie-root-port') return 'pcie-root-port';
  if (c.model === 'pci-root') return family === 'pseries' ? 'spapr-pci-host-bridge' : 'none';
  return c.info?.modelNames[0] ?? 'none';
}

export default defineRule({
  meta: {
    id: 'common/target-attr-applicability',
    type: 'problem',
    docs: {
      description:
        'A PCI controller <target> attribute or <node> child is only valid on the models that implement it (chassisNr on pci-bridge, chassis/port on PCIe ports, busNr on expander buses, ...).',
      rationale:
        "libvirt refuses a <target> attribute or <node> on a controller model that does not implement it (\"Option ... is not valid for PCI controller\"): chassisNr on pci-bridge, chassis and port on PCIe ports, busNr and <node> on expander buses, targetIndex on pseries PHBs. On a command line QEMU refuses a property the device does not have (\"Property '...' not found\").",
    },
    defaultSeverity: 'error',
    fixable: true,
    messages: {
      notValid: "Option '{{option}}' is not valid for a {{model}}{{hint}}: remove it.",
      notValidArgv: "-device {{modelName}} has no {{property}}= property: remove it.",
    },
  },
  check(graph, context) {
    const family = graph.machine.family;
    for (const c of graph.controllers) {
      if (c.origin !== 'written' || !c.model || !c.info) continue;
      const t = c.target;
      const found: [Option, XmlAttribute | XmlElement | undefined][] = [
        ['chassisNr', t.chassisNr?.attr],
        ['chassis', t.chassis?.attr],
        ['port', t.port?.attr],
        ['busNr', t.busNr?.attr],
        ['targetIndex', t.index?.attr],
        ['hotplug', t.hotplug?.attr],
        ['numaNode', t.node?.element],
      ];
      for (const [option, at] of found) {
        if (!at || allows(c, option, family)) continue;
        const hint =
          option === 'targetIndex' || (option === 'numaNode' && c.model === 'pci-root')
            ? ' (only pseries PHBs take it)'
            : '';
        context.report({
          node: c,
          at,
          messageId: context.language === 'qemu-argv' ? 'notValidArgv' : 'notValid',
          data: { option, property: optionName(option, 'qemu-argv'), index: c.index ?? '?', model: c.model, modelName: modelNameFor(c, family), hint },
          fix: (fixer) => (at.kind === 'attribute' ? fixer.removeAttributes([at]) : fixer.removeElement(at)),
        });
      }
    }
  },
});
