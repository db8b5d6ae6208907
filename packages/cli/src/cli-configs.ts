import path from 'node:path';
import type { ConfigLayer } from '@pcilint/core';
import type { CliOptions } from './args.js';
import { ConfigLoader } from './config-loader.js';
import { EffectiveConfigs } from './effective-config.js';
import { hostFactsLayer, readHostFactsFile, snapshotHostFacts } from './host-facts.js';
import { parseRuleArgs } from './rule-args.js';

/**
 * The layers the command line puts on top of every configuration file:
 * host facts (--host-facts), then --rule. Plain data, computed once and
 * handed to worker threads as they are (sysfs is read once per run).
 */
export function cliConfigLayers(options: CliOptions, cwd: string): ConfigLayer[] {
  return [hostFactsFromOption(options.hostFacts, cwd), parseRuleArgs(options.rules)].filter((l): l is ConfigLayer => l !== null);
}

/** Configuration per directory, from --config or the search, with the command line's layers on top. */
export function configsFor(options: CliOptions, cwd: string, layers: readonly ConfigLayer[]): EffectiveConfigs {
  return new EffectiveConfigs(new ConfigLoader({ configFile: options.config, lookup: options.configLookup, cwd }), layers, cwd);
}

function hostFactsFromOption(value: string | undefined, cwd: string): ConfigLayer | null {
  if (value === undefined) return null;
  if (value === 'sysfs') return hostFactsLayer(snapshotHostFacts(), '--host-facts sysfs');
  const file = path.resolve(cwd, value);
  return hostFactsLayer(readHostFactsFile(file), file);
}
