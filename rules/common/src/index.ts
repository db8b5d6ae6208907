import { definePack } from '@pcilint/core';
import { addressingRules } from './rules-addressing.js';
import { topologyRules } from './rules-topology.js';

/** Rules that hold on every machine type. */
export const pack = definePack({
  name: 'common',
  description: 'PCI topology rules that apply to every machine type',
  families: 'all',
  rules: [...addressingRules, ...topologyRules],
  // Each rule's page, shipped in this package's docs/ (pcilint explain reads it there).
  docs: new URL('../docs/', import.meta.url),
});

export default pack;
