import { defineRule, nodesWithPciAddress, type NumericField } from '@pcilint/core';

/**
 * `virPCIDeviceAddressIsEmpty`, `virDeviceInfoPCIAddressIsWanted`, `src/conf/device_conf.c:170`; `virPCIDeviceAddressIsValid`, `src/util/virpci.c`: virPCIDeviceAddressParseXML reads each field
 * as an unsigned integer (C syntax: hex, octal, decimal) and then, unless
 * the address is empty (domain, bus and slot all 0: auto-assign), checks it
 * with virPCIDeviceAddressIsValid (src/util/virpci.c). Tests
 * pci-bus-invalid, pci-slot-invalid, pci-function-invalid.
 */
export default defineRule({
  meta: {
    id: 'common/address-field-range',
    type: 'problem',
    docs: {
      description:
        "Every <address type='pci'> field must be a non-negative number, with bus <= 0xff, slot <= 0x1f and function <= 7.",
      rationale:
        "libvirt refuses out-of-range address fields (virPCIDeviceAddressIsValid): the bus is a controller index (0-255), a bus has 32 slots (0x00-0x1f) and a slot 8 functions (0-7). QEMU refuses an addr= beyond slot 0x1f or function 7 the same way.",
    },
    defaultSeverity: 'error',
    machineIndependent: true,
    messages: {
      notANumber: "Invalid value for attribute '{{field}}' in element 'address': '{{text}}'. Expected non-negative integer value.",
      busRange: "Invalid PCI address bus='0x{{value}}', must be <= 0xFF.",
      slotRange: "Invalid PCI address slot='0x{{value}}', must be <= 0x1F.",
      functionRange: "Invalid PCI address function=0x{{value}}, must be <= 7.",
      slotRangeArgv: "Invalid PCI address: slot 0x{{value}} in addr= must be <= 0x1f.",
    },
  },
  check(graph, context) {
    for (const { node, address } of nodesWithPciAddress(graph)) {
      const fields: [string, NumericField | null][] = [
        ['domain', address.domain],
        ['bus', address.bus],
        ['slot', address.slot],
        ['function', address.function],
      ];
      let parsable = true;
      for (const [field, f] of fields) {
        if (f && (f.value === null || f.value < 0)) {
          parsable = false;
          context.report({ node, at: f.attr, messageId: 'notANumber', data: { field, text: f.attr.value } });
        }
      }
      if (!parsable || address.empty) continue;
      const limits: [NumericField | null, number, string][] = [
        [address.bus, 0xff, 'busRange'],
        // A command line writes the slot in addr=, not as slot='...'.
        [address.slot, 0x1f, context.language === 'qemu-argv' ? 'slotRangeArgv' : 'slotRange'],
        [address.function, 7, 'functionRange'],
      ];
      for (const [f, max, messageId] of limits) {
        if (f && f.value !== null && f.value > max) {
          context.report({ node, at: f.attr, messageId, data: { value: f.value.toString(16) } });
        }
      }
    }
  },
});
