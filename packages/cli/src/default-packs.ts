/**
 * Packs every run loads before the ones a configuration lists. They are
 * resolved through the same resolver as third-party packs (see
 * pack-loader.ts); they resolve because they are dependencies of this
 * package.
 */
export const DEFAULT_PACKS: readonly string[] = [
  '@pcilint/rules-common',
  '@pcilint/rules-q35',
  '@pcilint/rules-i440fx',
  '@pcilint/rules-pseries',
  '@pcilint/rules-mach-virt',
];

/**
 * The built-in packs' modules, imported by name from here: the start-up
 * bundle (bin/pcilint.cjs, scripts/bundle.mjs) holds them, so a run never
 * reads or compiles them separately, nor loads a second copy of
 * @pcilint/core through them.
 */
const DEFAULT_PACK_MODULES: Readonly<Record<string, () => Promise<Record<string, unknown>>>> = {
  '@pcilint/rules-common': () => import('@pcilint/rules-common'),
  '@pcilint/rules-q35': () => import('@pcilint/rules-q35'),
  '@pcilint/rules-i440fx': () => import('@pcilint/rules-i440fx'),
  '@pcilint/rules-pseries': () => import('@pcilint/rules-pseries'),
  '@pcilint/rules-mach-virt': () => import('@pcilint/rules-mach-virt'),
};

/** The module of a built-in pack, or undefined for any other specifier. */
export function importDefaultPack(specifier: string): Promise<Record<string, unknown>> | undefined {
  return Object.hasOwn(DEFAULT_PACK_MODULES, specifier) ? DEFAULT_PACK_MODULES[specifier]!() : undefined;
}
