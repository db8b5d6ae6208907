import { defineRule, type NumericField, parseDecimalInteger } from '@pcilint/core';
import { optionName } from '../util/qemu-properties.js';

/** libvirt's ranges (virDomainControllerDefValidate, src/conf/domain_validate.c). */
const RANGES = [
  { option: 'chassisNr', min: 1, max: 255 },
  { option: 'chassis', min: 0, max: 255 },
  { option: 'port', min: 0, max: 255 },
  { option: 'busNr', min: 1, max: 254 },
] as const;

/**
 * The numbers themselves are parsed like C strtol base 0 (hex and octal
 * accepted) and must be non-negative; `<node>` is decimal only and
 * `hotplug` is on/off. Messages are libvirt's (checked with the oracle).
 * The PHB target index range is pseries/phb-target-index's job.
 */
export default defineRule({
  meta: {
    id: 'common/target-attr-range',
    type: 'problem',
    docs: {
      description:
        'PCI controller <target> values must be numbers in libvirt\'s ranges: chassisNr 1-255, chassis and port 0-255, busNr 1-254, a decimal <node>, hotplug on/off.',
      rationale:
        "libvirt refuses <target> values outside its ranges (\"out of range - must be\"): chassisNr 1-255, chassis and port 0-255, busNr 1-254; hotplug is on or off; <node> is a decimal number.",
    },
    defaultSeverity: 'error',
    machineIndependent: true,
    messages: {
      outOfRange: "PCI controller {{option}} '{{value}}' out of range - must be {{min}}-{{max}}.",
      notANumber: "Invalid value for attribute '{{option}}' in element 'target': '{{text}}'. Expected integer value.",
      negative: "Invalid value for attribute '{{option}}' in element 'target': '{{text}}'. Expected non-negative value.",
      badSwitch: "Invalid value for attribute 'hotplug' in element 'target': '{{text}}' (must be 'on' or 'off').",
      badNode: "invalid NUMA node in target: '{{text}}' is not a decimal number.",
      outOfRangeArgv: "{{option}}={{value}} is out of range: must be {{min}}-{{max}}.",
      notANumberArgv: "{{option}}={{text}} is not an integer.",
      negativeArgv: "{{option}}={{text}} is negative: it must be {{min}}-{{max}}.",
      badSwitchArgv: "hotplug={{text}} must be on or off.",
    },
  },
  check(graph, context) {
    const argv = context.language === 'qemu-argv';
    for (const c of graph.controllers) {
      if (c.origin !== 'written') continue;
      for (const { option, min, max } of RANGES) {
        const field: NumericField | undefined = c.target[option];
        if (!field) continue;
        const text = field.attr.value;
        if (field.value === null) {
          context.report({ node: c, at: field.attr, messageId: argv ? 'notANumberArgv' : 'notANumber', data: { option: optionName(option, context.language), text } });
        } else if (field.value < 0) {
          context.report({ node: c, at: field.attr, messageId: argv ? 'negativeArgv' : 'negative', data: { option: optionName(option, context.language), text, min, max } });
        } else if (field.value < min || field.value > max) {
          context.report({ node: c, at: field.attr, messageId: argv ? 'outOfRangeArgv' : 'outOfRange', data: { option: optionName(option, context.language), value: field.value, min, max } });
        }
      }
      const hotplug = c.target.hotplug;
      if (hotplug && hotplug.value !== 'on' && hotplug.value !== 'off') {
        context.report({ node: c, at: hotplug.attr, messageId: argv ? 'badSwitchArgv' : 'badSwitch', data: { text: hotplug.value } });
      }
      const node = c.target.node;
      if (node) {
        const text = node.element.text.trim();
        const value = parseDecimalInteger(text);
        if (value === null || value < 0) context.report({ node: c, at: node.element, messageId: 'badNode', data: { text } });
      }
    }
  },
});
