import { addressFieldLocation, chipsetFunctions, defineRule, validPlacements, messageLabel, placementLabel } from '@pcilint/core';

/**
 * qemuDomainValidateDevicePCISlotsQ35 (src/qemu/qemu_domain_address.c:1865) and QEMU
 * hw/i386/pc_q35.c: QEMU builds the ICH9 LPC bridge at 00:1f.0, the primary
 * SATA (AHCI) at 00:1f.2 and the SMBus at 00:1f.3. common/address-conflict
 * reports double use in general; this rule gives the q35-specific reason.
 */
export default defineRule({
  meta: {
    id: 'q35/chipset-slots-reserved',
    type: 'problem',
    docs: { description: 'On q35, 00:1f.0 and 00:1f.3 belong to the chipset and 00:1f.2 to SATA controller index 0, which must stay there.', rationale: "q35 builds functions of slot 0x1f into the chipset: the primary SATA controller at 00:1f.2, the ICH9 SMBus controller at 00:1f.3, the LPC bridge at 00:1f.0. libvirt refuses another device there and the primary SATA controller anywhere else (\"Primary SATA controller must have PCI address 0:0:1f.2\")." },
    defaultSeverity: 'error',
    messages: {
      reserved: "{{label}}: q35 reserves {{address}} for {{occupant}}; drop the address.",
      sataSlot: "{{label}}: q35 reserves {{address}} for the primary SATA; drop the address.",
      sataMoved: "SATA controller index 0 is built into q35 at 00:1f.2, not {{address}}: drop the address.",
      reservedArgv: "{{label}}: q35 reserves {{address}} for {{occupant}}; change its addr=.",
      sataSlotArgv: "{{label}}: q35 reserves {{address}} for the primary SATA; change its addr=.",
    },
  },
  check(graph, context) {
    const reserved = chipsetFunctions('q35');
    for (const p of validPlacements(graph)) {
      const node = p.node;
      const primarySata = node.kind === 'device' && node.controllerType === 'sata' && node.controllerIndex === 0;
      const onChipset = p.domain === 0 && p.bus === 0 && p.slot === 0x1f;
      if (primarySata) {
        if (!(onChipset && p.function === 2)) {
          context.report({ node, at: addressFieldLocation(p.address, onChipset ? 'function' : 'slot'), messageId: 'sataMoved', data: { address: placementLabel(p) } });
        }
        continue;
      }
      if (!onChipset) continue;
      const fn = reserved.find((f) => f.slot === p.slot && f.function === p.function);
      if (!fn) continue;
      context.report({
        node,
        at: addressFieldLocation(p.address, p.address.function ? 'function' : 'slot'),
        messageId: `${fn.owner ? 'sataSlot' : 'reserved'}${context.language === 'qemu-argv' ? 'Argv' : ''}`,
        data: { label: messageLabel(node, graph), address: placementLabel(p), occupant: fn.occupant },
      });
    }
  },
});
