import { defineRule, messageLabel, type FixFunction } from '@pcilint/core';
import { isS390Arch } from '../util/machine-pci.js';
import { ZPCI_MAX_UID, formatZpciId, zpciAddresses, zpciPresent, type ZpciId, type ZpciIdName } from '../util/zpci.js';

/**
 * `qemuValidateDomainDeviceDefZPCIAddress`, `src/qemu/qemu_validate.c` (s390x zPCI). libvirt refuses:
 * - uid/fid text that is not an unsigned 32-bit number, on any arch
 *   (virZPCIDeviceAddressParseXML, src/conf/device_conf.c; oracle: "Invalid
 *   value for attribute 'fid' in element 'zpci': '0x100000000'...");
 * - a written uid or fid without QEMU's zpci device, which only
 *   qemu-system-s390x has: "This QEMU binary doesn't support zPCI"
 *   (qemuValidateDomainDeviceDefZPCIAddress, src/qemu/qemu_validate.c;
 *   oracle on x86 pc and q35, pseries and aarch64 virt; test
 *   hostdev-vfio-zpci-wrong-arch). An empty `<zpci/>` is ignored;
 * - uid 0 or above 0xffff (same function; test
 *   hostdev-vfio-zpci-invalid-uid-valid-fid);
 * - a uid or fid used twice: "zPCI %s %o is already reserved", the value in
 *   octal (virDomainZPCIAddressReserveId, src/conf/domain_addr.c).
 * No s390x QEMU is installed beside the oracle, so the s390x checks rest on
 * the libvirt source and its tests. s390x is assumed to have zPCI: every
 * s390x QEMU libvirt 9.0 supports (>= 4.2) has the zpci device.
 */
export default defineRule({
  meta: {
    id: 'common/zpci-ids',
    type: 'problem',
    docs: { description: 'zPCI uid and fid values must be valid, unique, and used on s390x only.', rationale: "zPCI addresses exist only on s390x; libvirt refuses them elsewhere (\"This QEMU binary doesn't support zPCI\"). uid is 0x0001-0xffff and fid 32 bits, each unique in the domain (\"zPCI uid N is already reserved\"; libvirt prints the value in octal)." },
    defaultSeverity: 'error',
    fixable: true,
    messages: {
      notANumber: "Invalid value for attribute '{{name}}' in element 'zpci': '{{text}}'. Expected integer value.",
      noZpci: "This QEMU binary doesn't support zPCI: the guest's arch is {{arch}}, not s390x; remove <zpci>.",
      uidRange: "Invalid PCI address uid='{{uid}}', must be > 0x0000 and <= 0xffff.",
      duplicate: "zPCI {{name}} {{octal}} is already reserved: {{other}} uses {{name}}='{{value}}'; pick another.",
    },
  },
  check(graph, context) {
    const addresses = zpciAddresses(graph);
    const unparsable = new Set<ZpciId>();
    for (const z of addresses) {
      for (const id of [z.uid, z.fid]) {
        if (!id || id.value !== null) continue;
        unparsable.add(id);
        context.report({ node: z.node, at: id.attr, messageId: 'notANumber', data: { name: id.name, text: id.attr.value } });
      }
    }

    if (!isS390Arch(graph.machine.arch)) {
      for (const z of addresses) {
        if (!zpciPresent(z) || (z.uid && unparsable.has(z.uid)) || (z.fid && unparsable.has(z.fid))) continue;
        context.report({
          node: z.node,
          at: z.element,
          messageId: 'noZpci',
          data: { arch: graph.machine.arch },
          fix: (fixer) => fixer.removeElement(z.element),
        });
      }
      return;
    }

    const renumber = new Renumberer(addresses.flatMap((z) => [z.uid, z.fid]));
    for (const z of addresses) {
      const uid = z.uid;
      if (uid?.value != null && (uid.value === 0 || uid.value > ZPCI_MAX_UID)) {
        context.report({ node: z.node, at: uid.attr, messageId: 'uidRange', data: { uid: formatZpciId('uid', uid.value) }, fix: renumber.fix(uid) });
      }
    }
    for (const name of ['uid', 'fid'] as const) {
      const first = new Map<number, (typeof addresses)[number]>();
      for (const z of addresses) {
        const id = z[name];
        if (!id || id.value === null || (name === 'uid' && (id.value === 0 || id.value > ZPCI_MAX_UID))) continue;
        const owner = first.get(id.value);
        if (!owner) {
          first.set(id.value, z);
          continue;
        }
        context.report({
          node: z.node,
          at: id.attr,
          messageId: 'duplicate',
          data: { name, octal: id.value.toString(8), value: id.attr.value, other: messageLabel(owner.node, graph) },
          fix: renumber.fix(id),
        });
      }
    }
  },
});

/** Hands out the lowest values no written uid/fid uses (uid from 1, fid from 0), one per fix. */
class Renumberer {
  private readonly used: Record<ZpciIdName, Set<number>> = { uid: new Set(), fid: new Set() };

  constructor(ids: readonly (ZpciId | null)[]) {
    for (const id of ids) if (id?.value != null) this.used[id.name].add(id.value);
  }

  fix(id: ZpciId): FixFunction | null {
    const used = this.used[id.name];
    const max = id.name === 'uid' ? ZPCI_MAX_UID : 0xffffffff;
    for (let v = id.name === 'uid' ? 1 : 0; v <= max; v++) {
      if (used.has(v)) continue;
      used.add(v);
      const text = formatZpciId(id.name, v);
      return (fixer) => fixer.setValue(id.attr, text);
    }
    return null;
  }
}
