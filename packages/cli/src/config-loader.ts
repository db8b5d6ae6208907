import path from 'node:path';
import { lazyModule } from '@pcilint/core';
import type { CosmiconfigResult, PublicExplorer } from 'cosmiconfig';
import { loadJsonConfig, loadModuleConfig } from './config-parsers.js';
import { configDataFrom, EMPTY_CONFIG, type ConfigData } from './config-shape.js';
import { CliError, errorMessage } from './errors.js';

// Loaded when a configuration is first looked up: --no-config-lookup never needs it.
const cosmiconfigModule = lazyModule<typeof import('cosmiconfig')>('cosmiconfig', import.meta.url);

/** Where pcilint looks for configuration, in each directory, in this order. */
export const SEARCH_PLACES: readonly string[] = [
  'package.json',
  '.pcilintrc',
  '.pcilintrc.json',
  '.pcilintrc.yaml',
  '.pcilintrc.yml',
  'pcilint.config.js',
  'pcilint.config.mjs',
];

export interface LoadedConfig {
  /** Absolute path of the file, or null when no configuration applies. */
  readonly filepath: string | null;
  readonly config: ConfigData;
}

export interface ConfigLoaderOptions {
  /** --config: use this file for everything. */
  readonly configFile?: string | undefined;
  /** false for --no-config-lookup. */
  readonly lookup: boolean;
  readonly cwd: string;
}

const NO_CONFIG: LoadedConfig = { filepath: null, config: EMPTY_CONFIG };

/**
 * Finds the configuration for a directory: the nearest file from that
 * directory up to the file-system root wins, and configurations do not cascade.
 *
 * The upward walk is done here, one cosmiconfig search per directory with
 * searchStrategy "none", rather than with searchStrategy "global" + stopDir:
 * "global" also reads the per-user config directory (~/.config/pcilint), which
 * would make results depend on who runs the linter.
 */
export class ConfigLoader {
  private explorerInstance: PublicExplorer | undefined;
  private readonly byDirectory = new Map<string, Promise<LoadedConfig>>();
  private explicit: Promise<LoadedConfig> | undefined;

  constructor(private readonly options: ConfigLoaderOptions) {}

  private get explorer(): PublicExplorer {
    return (this.explorerInstance ??= cosmiconfigModule().cosmiconfig('pcilint', {
      searchPlaces: [...SEARCH_PLACES],
      searchStrategy: 'none',
      cache: true,
      loaders: { '.json': loadJsonConfig, '.js': loadModuleConfig, '.mjs': loadModuleConfig, '.cjs': loadModuleConfig },
    }));
  }

  /** The configuration for a file in `directory` (absolute). */
  forDirectory(directory: string): Promise<LoadedConfig> {
    if (this.options.configFile !== undefined) {
      this.explicit ??= this.loadExplicit(path.resolve(this.options.cwd, this.options.configFile));
      return this.explicit;
    }
    if (!this.options.lookup) return Promise.resolve(NO_CONFIG);
    const dir = path.resolve(this.options.cwd, directory);
    let found = this.byDirectory.get(dir);
    if (!found) {
      found = this.searchFrom(dir);
      this.byDirectory.set(dir, found);
    }
    return found;
  }

  private async searchFrom(dir: string): Promise<LoadedConfig> {
    const here = await this.searchOne(dir);
    if (here) return here;
    const parent = path.dirname(dir);
    return parent === dir ? NO_CONFIG : this.forDirectory(parent);
  }

  private async searchOne(dir: string): Promise<LoadedConfig | null> {
    let result: CosmiconfigResult;
    try {
      result = await this.explorer.search(dir);
    } catch (error) {
      throw loadError(error, dir);
    }
    return result ? validate(result) : null;
  }

  /** A file named by --config or by `extends`. */
  loadFile(file: string): Promise<LoadedConfig> {
    return this.loadExplicit(file);
  }

  private async loadExplicit(file: string): Promise<LoadedConfig> {
    let result: CosmiconfigResult;
    try {
      result = await this.explorer.load(file);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
        throw new CliError(`cannot read config file ${file}: ${errorMessage(error)}`, { cause: error });
      }
      throw loadError(error, file);
    }
    // An empty file, or a package.json without a "pcilint" key, configures nothing.
    return result ? validate(result) : { filepath: file, config: EMPTY_CONFIG };
  }
}

/** Parse and import failures: name the file, keep the parser's position. */
function loadError(error: unknown, fallbackPath: string): CliError {
  const filepath = (error as { filepath?: string }).filepath ?? fallbackPath;
  // cosmiconfig prefixes "JSON Error in <file>:\n"; the file is named once, by us.
  const detail = errorMessage(error).replace(/^(JSON|YAML|TypeScript) Error in [^\n]*:\n/, '');
  return new CliError(`cannot load config file ${filepath}: ${detail}`, { cause: error });
}

function validate(result: NonNullable<CosmiconfigResult>): LoadedConfig {
  const { filepath } = result;
  return { filepath, config: configDataFrom(result.isEmpty ? {} : result.config, filepath) };
}
