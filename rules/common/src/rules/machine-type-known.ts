import { attribute, defineRule } from '@pcilint/core';

/**
 * libvirt refuses a machine type its QEMU does not have, at define
 * (qemuValidateDomainDef, src/qemu/qemu_validate.c: "Emulator '%s' does not
 * support machine type '%s'"), and an arch it does not know while parsing
 * (virDomainDefParseXML via virArchFromString: "Unknown architecture %s").
 * Measured with virsh define on libvirt 9.0 + QEMU 7.2: machine='pc-foo-1.0'
 * is refused with the first message. The machine decides the root bus and
 * every slot rule, so the linter runs only machine-independent rules on
 * such a guest; this is the one diagnostic it gets for the machine.
 */
export default defineRule({
  meta: {
    id: 'common/machine-type-known',
    type: 'problem',
    docs: {
      description: 'The machine type must be one QEMU has for the guest architecture.',
      rationale:
        "The machine type decides the root bus and every slot rule. libvirt refuses an unknown one at define: \"Emulator '/usr/bin/qemu-system-x86_64' does not support machine type 'pc-foo-1.0'\"; an unknown arch: \"Unknown architecture\". QEMU exits with \"unsupported machine type\". Only machine-independent rules run on such a guest.",
    },
    defaultSeverity: 'error',
    machineIndependent: true,
    messages: {
      unknownMachine: "QEMU has no machine type '{{machine}}' for {{arch}}: pick one that -machine help lists.",
      unknownArch: "'{{arch}}' is not an architecture libvirt knows: write one such as x86_64, aarch64 or ppc64.",
      unknownMachineArgv: "QEMU has no machine '{{machine}}' for {{arch}}: change -machine to one -machine help lists.",
    },
  },
  check(graph, context) {
    const { recognition, arch, type, typeElement } = graph.machine;
    if (recognition === 'unknown-machine') {
      const messageId = context.language === 'qemu-argv' ? 'unknownMachineArgv' : 'unknownMachine';
      context.report({ at: attribute(typeElement ?? undefined, 'machine') ?? typeElement, messageId, data: { machine: type, arch } });
    } else if (recognition === 'unknown-arch') {
      context.report({ at: attribute(typeElement ?? undefined, 'arch') ?? typeElement, messageId: 'unknownArch', data: { arch } });
    }
  },
});
