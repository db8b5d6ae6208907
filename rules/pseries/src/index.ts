import { definePack, type Rule } from '@pcilint/core';

const rules: Rule[] = [];

/** PHB and isolation rules for the ppc64 pseries machine type: brief §3.3 and §6.5. */
export const pack = definePack({
  name: 'pseries',
  description: 'PHB and isolation rules for the ppc64 pseries machine type',
  families: ['pseries'],
  rules,
});

export default pack;
