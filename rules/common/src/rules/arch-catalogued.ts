import { attribute, defineRule } from '@pcilint/core';

/**
 * pcilint knows the PCI layout of x86, Arm, POWER, RISC-V and s390x machines
 * only. On another arch libvirt knows (mips64, sparc64...) it cannot tell a
 * valid topology from a broken one, so only machine-independent rules run:
 * this warning says so instead of passing the guest in silence.
 */
export default defineRule({
  meta: {
    id: 'common/arch-catalogued',
    type: 'suggestion',
    docs: {
      description: 'Says when pcilint has no machine catalog for the guest architecture and checked less.',
      rationale:
        'pcilint knows the PCI layout of x86, Arm, POWER, RISC-V and s390x machines only. On another arch it cannot tell a valid topology from a broken one, so only machine-independent rules run; without this warning such a guest would pass in silence.',
    },
    defaultSeverity: 'warn',
    machineIndependent: true,
    messages: {
      uncatalogued: "pcilint has no machine catalog for arch '{{arch}}': only machine-independent rules checked it.",
    },
  },
  check(graph, context) {
    const { recognition, arch, typeElement } = graph.machine;
    if (recognition === 'uncatalogued-arch') context.report({ at: attribute(typeElement ?? undefined, 'arch') ?? typeElement, messageId: 'uncatalogued', data: { arch } });
  },
});
