import type { RulePack } from '@pcilint/core';
import common from '@pcilint/rules-common';
import q35 from '@pcilint/rules-q35';
import i440fx from '@pcilint/rules-i440fx';
import pseries from '@pcilint/rules-pseries';
import machVirt from '@pcilint/rules-mach-virt';

/**
 * The rule packs conformance measures: the built-in packs, each with its
 * recommended config, exactly what a user gets with no configuration.
 * The single place to add a pack.
 */
export const PACKS: readonly RulePack[] = [common, q35, i440fx, pseries, machVirt];
