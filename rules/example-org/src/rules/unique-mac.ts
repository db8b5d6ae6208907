import { attributeValue, child, defineRule, type DeviceNode } from '@pcilint/core';

/**
 * Two NICs of one guest with the same MAC address. A declarative rule sees
 * one device at a time; comparing devices with each other is what a
 * TypeScript rule is for.
 */
export default defineRule({
  meta: {
    id: 'example-org/unique-mac',
    type: 'problem',
    docs: { description: 'Every NIC of a guest has its own MAC address.', url: 'https://github.com/pcilint/pcilint/blob/main/rules/example-org/README.md' },
    defaultSeverity: 'error',
    messages: { duplicate: '{{label}} has MAC {{mac}}, already used by {{first}}' },
  },
  check(graph, context) {
    const seen = new Map<string, DeviceNode>();
    for (const device of graph.devices) {
      if (device.deviceKind !== 'interface' || !device.element) continue;
      const macElement = child(device.element, 'mac');
      const mac = attributeValue(macElement, 'address')?.toLowerCase();
      if (!mac) continue;
      const first = seen.get(mac);
      if (!first) {
        seen.set(mac, device);
        continue;
      }
      context.report({ node: device, at: macElement, messageId: 'duplicate', data: { label: device.label, mac, first: first.label } });
    }
  },
});
