import { addressFieldLocation, chipsetFunctions, defineRule, validPlacements, nodeLabel, placementLabel } from '@pcilint/core';

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
    docs: { description: 'On q35, 00:1f.0 and 00:1f.3 belong to the chipset and 00:1f.2 to SATA controller index 0, which must stay there.' },
    defaultSeverity: 'error',
    messages: {
      reserved: '{{label}} is at {{address}}, which q35 reserves for {{occupant}}: libvirt refuses the address. Drop it so libvirt picks a free slot.',
      sataSlot:
        '{{label}} is at {{address}}, which q35 reserves for the primary SATA controller (sata index 0): libvirt refuses the address. Drop it so libvirt picks a free slot.',
      sataMoved: 'SATA controller index 0 is at {{address}}: on q35 it is built into the chipset and libvirt refuses any other address ("Primary SATA controller must have PCI address 0:0:1f.2").',
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
        messageId: fn.owner ? 'sataSlot' : 'reserved',
        data: { label: nodeLabel(node), address: placementLabel(p), occupant: fn.occupant },
      });
    }
  },
});
