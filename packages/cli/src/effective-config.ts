import { resolveConfig, type ConfigLayer, type ResolvedConfig } from '@pcilint/core';
import { loadConfigChain, type ConfigChain } from './config-chain.js';
import type { ConfigLoader } from './config-loader.js';

export interface EffectiveConfig {
  /** The configuration file that applies, or null. */
  readonly configFile: string | null;
  readonly resolved: ResolvedConfig;
}

/** Where a file's configuration comes from: its path (for overrides) and the directory the lookup starts in. */
export interface ConfigTarget {
  /** Absolute path, or `<text>` for unnamed standard input (no override matches it). */
  readonly filePath: string;
  readonly configDirectory: string;
}

/**
 * The resolved configuration for each file: the nearest configuration file's
 * chain (see config-chain.ts), the overrides that match the file, then the
 * command line's layers. Chains are cached per configuration file, resolved
 * configurations per chain and set of matching overrides.
 */
export class EffectiveConfigs {
  private readonly chains = new Map<string, Promise<ConfigChain>>();
  private readonly resolved = new Map<string, EffectiveConfig>();

  constructor(
    private readonly loader: ConfigLoader,
    /** Command-line layers (--host-facts, --rule), applied after the configuration file in order. */
    readonly cliLayers: readonly ConfigLayer[],
    private readonly cwd: string,
  ) {}

  /** The configuration of a file in `directory` that no override matches (--list-rules). */
  forDirectory(directory: string): Promise<EffectiveConfig> {
    return this.forFile({ filePath: '<text>', configDirectory: directory });
  }

  async forFile(target: ConfigTarget): Promise<EffectiveConfig> {
    const chain = await this.chainFor(target.configDirectory);
    const matching = chain.overrides.flatMap((o, i) => (o.matches(target.filePath) ? [i] : []));
    const key = `${chain.configFile ?? ''}\0${matching.join(',')}`;
    let effective = this.resolved.get(key);
    if (!effective) {
      const layers = [...chain.base, ...matching.map((i) => chain.overrides[i]!.layer), ...this.cliLayers];
      effective = { configFile: chain.configFile, resolved: resolveConfig(chain.packs, layers, { packDefaults: false }) };
      this.resolved.set(key, effective);
    }
    return effective;
  }

  /** The configuration file whose ignorePatterns exclude the file, or null. */
  async ignoredBy(target: ConfigTarget): Promise<string | null> {
    const chain = await this.chainFor(target.configDirectory);
    return chain.ignores(target.filePath) ? (chain.configFile ?? null) : null;
  }

  private async chainFor(directory: string): Promise<ConfigChain> {
    const loaded = await this.loader.forDirectory(directory);
    const key = loaded.filepath ?? '';
    let chain = this.chains.get(key);
    if (!chain) {
      chain = loadConfigChain(loaded, this.loader, this.cwd);
      this.chains.set(key, chain);
    }
    return chain;
  }
}

/** The JSON printed by --print-config. */
export function printableConfig(resolved: ResolvedConfig): { packs: string[]; rules: ResolvedConfig['ruleSettings']; settings: ResolvedConfig['settings'] } {
  return { packs: resolved.packs.map((p) => p.name), rules: resolved.ruleSettings, settings: resolved.settings };
}
