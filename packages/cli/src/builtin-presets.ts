import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConfigData } from './config-shape.js';
import { EMPTY_CONFIG } from './config-shape.js';
import { DEFAULT_PACKS } from './default-packs.js';

/**
 * The presets users extend as `pcilint:<name>`. They are configurations like
 * any other: the built-in packs are their plugins, loaded through the same
 * loader as third-party ones, and each pack's own configs give the rules.
 * Their names resolve from pcilint's package directory, where the built-in
 * packs are dependencies.
 */
export const BUILTIN_PACK_NAMES: readonly string[] = ['common', 'q35', 'i440fx', 'pseries', 'mach-virt'];

function presetOf(config: string): ConfigData {
  return { ...EMPTY_CONFIG, plugins: DEFAULT_PACKS, extends: BUILTIN_PACK_NAMES.map((name) => `plugin:${name}/${config}`) };
}

export const PRESETS: Readonly<Record<string, ConfigData>> = {
  /** Today's defaults: each built-in pack's recommended config. */
  recommended: presetOf('recommended'),
  /** Every built-in rule on at its default severity. */
  all: presetOf('all'),
};

export const PRESET_PREFIX = 'pcilint:';

/** Where preset names resolve from: this package (../ from both src/ and dist/). */
export const PRESET_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
