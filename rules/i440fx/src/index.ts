import { definePack, type Rule } from '@pcilint/core';

const rules: Rule[] = [];

/** Conventional PCI rules for the x86 i440fx (pc) machine type: brief §3.2 and §6.4. */
export const pack = definePack({
  name: 'i440fx',
  description: 'Conventional PCI rules for the x86 i440fx (pc) machine type',
  families: ['i440fx'],
  rules,
});

export default pack;
