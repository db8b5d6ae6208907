/** pcilint's output formats: the registry, the built-in formats, and the data they read. */
export { toFileResult, type FileResult } from './results.js';
export { toFormatterResult, type FormatterMessage, type FormatterResult } from './formatter-results.js';
export { rulesMetaOf, type FormatterContext } from './context.js';
export { BUILTIN_FORMATTERS, BUILTIN_FORMAT_NAMES, formatNeeds, type FormatFunction, type Formatter, type ResultWriter } from './builtin-formatters.js';
export { FormatterError, formatterPackageNames, loadFormatter, type LoadFormatterOptions } from './load-formatter.js';
export { createChalk } from './chalk.js';
export { repoRelativePath } from './paths.js';
export { fingerprintsOf } from './fingerprint.js';
export { formatJson, JsonWriter } from './builtin/json.js';
export { formatStylish, StylishWriter } from './builtin/stylish.js';
export { formatJsonWithMetadata } from './builtin/json-with-metadata.js';
export { formatSarif } from './builtin/sarif.js';
export { formatJunit } from './builtin/junit.js';
export { formatCheckstyle, formatCompact, formatUnix } from './builtin/eslint-extracted.js';
export { formatGithub, githubStepSummary, escapeData, escapeProperty } from './builtin/github.js';
export { formatGitlab } from './builtin/gitlab.js';
export { DEFAULT_WIDTH, outputWidth, wrapWords } from './wrap.js';
