import type { Rule } from '@pcilint/core';
import rootModelMatchesMachine from './rules/root-model-matches-machine.js';

/** Controllers, indexes, addresses and connection validity (brief §6.2 #1-22). */
export const addressingRules: Rule[] = [rootModelMatchesMachine];
