import type { Rule } from '@pcilint/core';

/** Multifunction, uniqueness, PCI vs PCIe placement, hotplug and capacity (brief §6.2 #23-41). */
export const topologyRules: Rule[] = [];
