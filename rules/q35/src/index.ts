import { definePack, type Rule } from '@pcilint/core';

const rules: Rule[] = [];

/** Rules for x86 q35 (PCI Express native): brief §3.1 and §6.3. */
export const pack = definePack({
  name: 'q35',
  description: 'PCI Express topology rules for the x86 q35 machine type',
  families: ['q35'],
  rules,
});

export default pack;
