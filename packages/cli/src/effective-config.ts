import path from 'node:path';
import { resolveConfig, type ConfigLayer, type ResolvedConfig } from '@pcilint/core';
import type { ConfigLoader } from './config-loader.js';
import { DEFAULT_PACKS } from './default-packs.js';
import { loadPacks } from './pack-loader.js';

export interface EffectiveConfig {
  /** The configuration file that applies, or null. */
  readonly configFile: string | null;
  readonly resolved: ResolvedConfig;
}

/**
 * The resolved configuration for each file: the nearest configuration file's
 * packs (after the default packs) and rules, layered as
 * pack recommended < configuration file < --rule. Cached per configuration file.
 */
export class EffectiveConfigs {
  private readonly cache = new Map<string, Promise<EffectiveConfig>>();

  constructor(
    private readonly loader: ConfigLoader,
    /** Command-line layers (--host-facts, --rule), applied after the configuration file in order. */
    readonly cliLayers: readonly ConfigLayer[],
    private readonly cwd: string,
  ) {}

  /** `directory` is where the configuration lookup starts (the linted file's directory). */
  async forDirectory(directory: string): Promise<EffectiveConfig> {
    const loaded = await this.loader.forDirectory(directory);
    const key = loaded.filepath ?? '';
    let effective = this.cache.get(key);
    if (!effective) {
      effective = (async () => {
        const baseDir = loaded.filepath ? path.dirname(loaded.filepath) : this.cwd;
        const packs = await loadPacks([...DEFAULT_PACKS, ...(loaded.config.packs ?? [])], baseDir);
        const layers: ConfigLayer[] = [];
        if (loaded.filepath) {
          layers.push({
            source: loaded.filepath,
            ...(loaded.config.rules ? { rules: loaded.config.rules } : {}),
            ...(loaded.config.settings ? { settings: loaded.config.settings } : {}),
          });
        }
        layers.push(...this.cliLayers);
        return { configFile: loaded.filepath, resolved: resolveConfig(packs, layers) };
      })();
      this.cache.set(key, effective);
    }
    return effective;
  }
}

/** The JSON printed by --print-config. */
export function printableConfig(resolved: ResolvedConfig): { packs: string[]; rules: ResolvedConfig['ruleSettings']; settings: ResolvedConfig['settings'] } {
  return { packs: resolved.packs.map((p) => p.name), rules: resolved.ruleSettings, settings: resolved.settings };
}
