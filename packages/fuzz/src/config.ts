import { resolveConfig, type ResolvedConfig, type RulePack } from '@pcilint/core';
import common from '@pcilint/rules-common';
import i440fx from '@pcilint/rules-i440fx';
import machVirt from '@pcilint/rules-mach-virt';
import pseries from '@pcilint/rules-pseries';
import q35 from '@pcilint/rules-q35';

/** Every rule of every built-in pack at its default severity: the most code a case can reach. */
export function fuzzConfig(): ResolvedConfig {
  const packs: RulePack[] = [common, q35, i440fx, pseries, machVirt];
  return resolveConfig(packs, []);
}
