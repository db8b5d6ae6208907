/**
 * Packs every run loads before the ones a configuration lists. They are
 * loaded through the same resolver as third-party packs (see pack-loader.ts);
 * they resolve because they are dependencies of this package.
 */
export const DEFAULT_PACKS: readonly string[] = [
  '@pcilint/rules-common',
  '@pcilint/rules-q35',
  '@pcilint/rules-i440fx',
  '@pcilint/rules-pseries',
  '@pcilint/rules-mach-virt',
];
