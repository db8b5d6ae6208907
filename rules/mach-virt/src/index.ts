import { definePack, type Rule } from '@pcilint/core';

const rules: Rule[] = [];

/** PCI Express rules for the aarch64/riscv64 virt machine type: brief §3.4 and §6.6. */
export const pack = definePack({
  name: 'mach-virt',
  description: 'PCI Express rules for the aarch64/riscv64 virt machine type',
  families: ['virt'],
  rules,
});

export default pack;
