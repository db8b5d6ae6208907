/** Programmatic entry points of the pcilint command line. */
export { main, cliVersion, EXIT_OK, EXIT_LINT_ERRORS, EXIT_FAILURE, type MainIo, type OutputStream } from './main.js';
export { parseCliArgs, USAGE, FORMATS, type CliOptions, type FormatName } from './args.js';
export { ConfigLoader, SEARCH_PLACES, type LoadedConfig } from './config-loader.js';
export { EffectiveConfigs, printableConfig, type EffectiveConfig } from './effective-config.js';
export { loadPack, loadPacks, type LoadedPack } from './pack-loader.js';
export { findFiles } from './files.js';
export { DEFAULT_PACKS } from './default-packs.js';
export { formatJson, formatStylish } from '@pcilint/formatters';
export { toFileResult, type FileResult } from '@pcilint/formatters';
export { formatHtml, type HtmlContext } from './formatters/html.js';
export { lintAndPicture, pictureWithFindings, type GuestPicture, type TopologyPicture } from './topology/picture.js';
export { topologyDot } from './formatters/topology-dot.js';
export { renderSvg } from './formatters/topology-svg.js';
export { CliError } from './errors.js';
