import type { RulePack } from '@pcilint/core';
import common from '@pcilint/rules-common';
import q35 from '@pcilint/rules-q35';

/**
 * The rule packs conformance measures: the built-in packs, each with its
 * recommended config, exactly what a user gets with no configuration.
 * The single place to add a pack (i440fx, pseries, mach-virt, ...).
 */
export const PACKS: readonly RulePack[] = [common, q35];
