import {
  chipsetFunctions,
  defineRule,
  explicitPlacements,
  messageLabel,
  placementLabel,
  type GraphNode,
  type Placement,
  type ReservedFunction,
} from '@pcilint/core';
import { hasAddressTypeProblem, lineOf, sourceOffset } from '../util/addressing.js';

function isOwner(node: GraphNode, reserved: ReservedFunction): boolean {
  const owner = reserved.owner;
  return (
    !!owner &&
    node.kind === 'device' &&
    node.deviceKind === 'controller' &&
    node.controllerType === owner.controllerType &&
    node.controllerIndex === owner.index
  );
}

/**
 * virDomainPCIAddressReserveAddrInternal
 * (src/conf/domain_addr.c:811) refuses a second user of one
 * domain:bus:slot.function, and the chipset functions (qemuDomainValidateDevicePCISlots{Q35,PIIX3}) are
 * reserved before any device is collected (test 440fx-ide-address-conflict;
 * 00:1f.0/.2/.3 on q35 and 00:01.0/.1/.3 on i440fx checked with the
 * oracle). 00:01.1 on i440fx is refused by QEMU even when libvirt accepts it
 * (no IDE controller in the XML): QEMU always creates piix3-ide there.
 * The later element in the file is reported.
 */
export default defineRule({
  meta: {
    id: 'common/address-conflict',
    type: 'problem',
    docs: {
      description:
        'Two devices must not use the same PCI address (bus, slot and function), and nothing but the owning controller may use a function the chipset occupies.',
      rationale:
        "libvirt refuses a domain in which two devices have the same PCI address (\"Attempted double use of PCI Address\", virDomainPCIAddressReserveAddrInternal), including the functions the chipset occupies on bus 0 (on i440fx the PIIX3/PIIX4 functions of slot 1, on q35 the ICH9 functions of slot 0x1f).",
    },
    defaultSeverity: 'error',
    machineIndependent: true,
    messages: {
      doubleUse: "Attempted double use of PCI Address {{address}}: {{other}} on line {{line}} has it.",
      chipset: "Attempted double use of PCI Address {{address}}, which is {{occupant}}.",
    },
  },
  check(graph, context) {
    const reserved = chipsetFunctions(graph.machine.family);
    const placements = explicitPlacements(graph)
      .filter((p) => p.bus <= 0xff && p.slot <= 0x1f && p.function <= 7)
      .filter((p) => !(p.node.kind === 'controller' && p.node.info?.root))
      .filter((p) => !hasAddressTypeProblem(p.node))
      // libvirt formats console[0] of target type serial as a copy of
      // serial[0], address included (test pci-serial-dev-chardev): not a second device.
      .filter((p) => !(p.node.kind === 'device' && p.node.deviceKind === 'console'))
      .sort((a, b) => sourceOffset(a.node) - sourceOffset(b.node));
    const used = new Map<string, Placement>();
    for (const p of placements) {
      const key = `${p.domain}:${p.bus}:${p.slot}.${p.function}`;
      const first = used.get(key);
      if (first) {
        context.report({
          node: p.node,
          at: p.address.element,
          messageId: 'doubleUse',
          data: { address: placementLabel(p), other: messageLabel(first.node, graph), line: lineOf(context.sourceText, sourceOffset(first.node)) },
        });
        continue;
      }
      used.set(key, p);
      if (p.domain !== 0 || p.bus !== 0) continue;
      const chip = reserved.find((r) => r.slot === p.slot && r.function === p.function);
      if (!chip || isOwner(p.node, chip)) continue;
      context.report({
        node: p.node,
        at: p.address.element,
        messageId: 'chipset',
        data: { address: placementLabel(p), machine: graph.machine.type, occupant: chip.occupant },
      });
    }
  },
});
