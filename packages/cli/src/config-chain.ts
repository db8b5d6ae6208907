import { createRequire } from 'node:module';
import path from 'node:path';
import { ConfigError, resolveConfig, type ConfigLayer, type PackConfig, type RulePack, type RuleSetting } from '@pcilint/core';
import { PRESET_DIR, PRESET_PREFIX, PRESETS } from './builtin-presets.js';
import type { ConfigLoader, LoadedConfig } from './config-loader.js';
import { isPathSpecifier, packageNameFor } from './config-names.js';
import type { ConfigData } from './config-shape.js';
import { CliError, errorMessage } from './errors.js';
import { ignoreMatcher, overrideMatcher, type PathMatcher } from './file-matchers.js';
import { loadPack, PackSet } from './pack-loader.js';

/**
 * A configuration file with everything it extends, flattened into what
 * resolveConfig takes. The semantics (docs/configuration.md):
 * - `extends` entries apply in order, each before the file that extends it;
 *   later wins, so a rule turned off anywhere stays off until something
 *   after it turns it on again, however deep the chain;
 * - a rule setting replaces the previous one whole (options are not merged);
 * - overrides, from every file of the chain in the same order, apply after
 *   all base layers, only to the files they match, on top of the base's
 *   rules and settings;
 * - ignorePatterns of every file of the chain add up;
 * - every name (plugin, shared config, path) resolves from the directory of
 *   the file that writes it; globs are relative to the root file's directory.
 */
export interface ConfigChain {
  /** The file pcilint found or --config named; null when there is none. */
  readonly configFile: string | null;
  readonly packs: readonly RulePack[];
  readonly base: readonly ConfigLayer[];
  readonly overrides: readonly { readonly layer: ConfigLayer; readonly matches: PathMatcher }[];
  readonly ignores: PathMatcher;
}

interface ChainNode {
  /** The file, or `pcilint:<preset>`. */
  readonly file: string;
  /** Where the names it writes resolve from. */
  readonly dir: string;
  readonly data: ConfigData;
  readonly parents: readonly Parent[];
}

type Parent =
  | { readonly kind: 'node'; readonly node: ChainNode }
  | { readonly kind: 'plugin-config'; readonly pack: string; readonly config: string; readonly where: string };

export async function loadConfigChain(loaded: LoadedConfig, loader: ConfigLoader, fallbackDir: string): Promise<ConfigChain> {
  const builder = new ChainBuilder(loader);
  // A chain that names no pcilint preset starts from pcilint:recommended: today's defaults.
  const roots: ChainNode[] = [];
  if (loaded.filepath !== null) roots.push(await builder.node(loaded.filepath, loaded.config, [loaded.filepath]));
  if (!builder.usedPreset) roots.unshift(builder.preset('recommended'));
  const baseDir = loaded.filepath ? path.dirname(loaded.filepath) : fallbackDir;

  const packs = new PackSet();
  const packsListed = new Map<ChainNode, RulePack[]>();
  for (const root of roots) await loadPlugins(root, packs, packsListed);

  const base: ConfigLayer[] = [];
  const overrides: { layer: ConfigLayer; matches: PathMatcher }[] = [];
  const ignorePatterns: string[] = [];
  const visit = (node: ChainNode) => {
    for (const parent of node.parents) {
      if (parent.kind === 'node') visit(parent.node);
      else base.push(pluginConfigLayer(packs, parent));
    }
    for (const pack of packsListed.get(node) ?? []) {
      base.push({ source: `${node.file}: packs ("${pack.name}" recommended config)`, ...pack.configs.recommended });
    }
    base.push(layerOf(node.file, node.data));
    node.data.overrides.forEach((override, i) => {
      overrides.push({ layer: layerOf(`${node.file}: overrides[${i}]`, override), matches: overrideMatcher(baseDir, override.files, override.excludedFiles) });
    });
    ignorePatterns.push(...node.data.ignorePatterns);
  };
  for (const root of roots) visit(root);

  // Everything is checked now, before any file is linted: the base, then each override on top of it.
  resolveConfig(packs.packs, base, { packDefaults: false });
  for (const { layer } of overrides) resolveConfig(packs.packs, [...base, layer], { packDefaults: false });
  return { configFile: loaded.filepath, packs: packs.packs, base, overrides, ignores: ignoreMatcher(baseDir, ignorePatterns) };
}

function layerOf(source: string, data: { readonly rules?: Readonly<Record<string, RuleSetting>>; readonly settings?: Readonly<Record<string, unknown>> }): ConfigLayer {
  return { source, ...(data.rules ? { rules: data.rules } : {}), ...(data.settings ? { settings: data.settings } : {}) };
}

class ChainBuilder {
  usedPreset = false;
  private readonly presets = new Map<string, ChainNode>();

  constructor(private readonly loader: ConfigLoader) {}

  preset(name: string): ChainNode {
    let node = this.presets.get(name);
    if (!node) {
      const data = PRESETS[name]!;
      const file = `${PRESET_PREFIX}${name}`;
      node = { file, dir: PRESET_DIR, data, parents: data.extends.map((ref, i) => pluginConfigRef(ref, `${file}: extends[${i}]`)) };
      this.presets.set(name, node);
    }
    return node;
  }

  /** `stack`: the files from the root to this one, to find cycles. */
  async node(file: string, data: ConfigData, stack: readonly string[]): Promise<ChainNode> {
    const dir = path.dirname(file);
    const parents: Parent[] = [];
    for (const [i, ref] of data.extends.entries()) {
      const where = `${file}: extends[${i}]`;
      if (ref.startsWith(PRESET_PREFIX)) {
        const name = ref.slice(PRESET_PREFIX.length);
        if (!Object.hasOwn(PRESETS, name)) {
          throw new ConfigError(`${where}: unknown preset "${ref}" (expected ${Object.keys(PRESETS).map((p) => `"${PRESET_PREFIX}${p}"`).join(' or ')})`);
        }
        this.usedPreset = true;
        parents.push({ kind: 'node', node: this.preset(name) });
      } else if (ref.startsWith('plugin:')) {
        parents.push(pluginConfigRef(ref, where));
      } else {
        const target = resolveSharedConfig(ref, dir, where);
        if (stack.includes(target)) {
          throw new ConfigError(`${where}: "${ref}" makes a cycle: ${[...stack.slice(stack.indexOf(target)), target].join(' -> ')}`);
        }
        let loaded: LoadedConfig;
        try {
          loaded = await this.loader.loadFile(target);
        } catch (error) {
          throw new CliError(`${where}: ${errorMessage(error)}`, { cause: error });
        }
        parents.push({ kind: 'node', node: await this.node(target, loaded.config, [...stack, target]) });
      }
    }
    return { file, dir, data, parents };
  }
}

function pluginConfigRef(ref: string, where: string): Parent {
  const body = ref.slice('plugin:'.length);
  const slash = body.lastIndexOf('/');
  if (slash <= 0 || slash === body.length - 1) {
    throw new ConfigError(`${where}: "${ref}" should be "plugin:<pack name>/<config name>"`);
  }
  return { kind: 'plugin-config', pack: body.slice(0, slash), config: body.slice(slash + 1), where };
}

/** A path relative to the extending file, or a package name resolved from its directory only. */
function resolveSharedConfig(ref: string, dir: string, where: string): string {
  if (isPathSpecifier(ref)) return path.resolve(dir, ref);
  const name = packageNameFor('config', ref);
  try {
    return createRequire(path.join(dir, '__placeholder__.js')).resolve(name);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === 'MODULE_NOT_FOUND' ? '' : `: ${errorMessage(error).split('\n')[0]}`;
    throw new ConfigError(`${where}: cannot find "${name}" from ${dir}${why}`, { cause: error });
  }
}

/** Every plugin of the chain, in the order the layers will apply. */
async function loadPlugins(node: ChainNode, packs: PackSet, packsListed: Map<ChainNode, RulePack[]>): Promise<void> {
  for (const parent of node.parents) if (parent.kind === 'node') await loadPlugins(parent.node, packs, packsListed);
  const plugins = node.data.plugins.map((name, i) => ({ specifier: packageNameFor('plugin', name), where: `${node.file}: plugins[${i}]` }));
  const listedPacks = node.data.packs.map((specifier, i) => ({ specifier, where: `${node.file}: packs[${i}]` }));
  const loaded = await loadAllInOrder([...plugins, ...listedPacks].map(({ specifier, where }) => () => loadPack(specifier, node.dir, where)));
  const listed: RulePack[] = [];
  loaded.forEach((pack, i) => {
    const { where } = i < plugins.length ? plugins[i]! : listedPacks[i - plugins.length]!;
    packs.add(pack, where);
    if (i >= plugins.length) listed.push(packs.named(pack.pack.name)!);
  });
  packsListed.set(node, listed);
}

/**
 * Starts every load at once (a one-file run spent a fifth of its time
 * importing the built-in packs one after another) and returns the results
 * in list order; when several fail, the error is the first in the list, as
 * loading them one by one would have said.
 */
async function loadAllInOrder<T>(loads: readonly (() => Promise<T>)[]): Promise<T[]> {
  const settled = await Promise.allSettled(loads.map((load) => load()));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

function pluginConfigLayer(packs: PackSet, ref: { pack: string; config: string; where: string }): ConfigLayer {
  const pack = packs.named(ref.pack);
  if (!pack) {
    const loaded = packs.packs.map((p) => `"${p.name}"`).join(', ');
    throw new ConfigError(`${ref.where}: "plugin:${ref.pack}/${ref.config}": no loaded plugin is named "${ref.pack}" (loaded: ${loaded}); list it under "plugins"`);
  }
  const config = packConfig(pack, ref.config);
  if (!config) {
    throw new ConfigError(`${ref.where}: plugin "${pack.name}" has no config "${ref.config}" (it has ${[...new Set([...Object.keys(pack.configs), 'all'])].map((c) => `"${c}"`).join(', ')})`);
  }
  return { source: `${ref.where} ("plugin:${ref.pack}/${ref.config}")`, ...config };
}

/** A pack's named config; `all` (every rule at its default severity) exists for every pack. */
function packConfig(pack: RulePack, name: string): PackConfig | undefined {
  if (Object.hasOwn(pack.configs, name)) return pack.configs[name];
  if (name === 'all') return { rules: Object.fromEntries(pack.rules.map((r) => [r.meta.id, r.meta.defaultSeverity])) };
  return undefined;
}
