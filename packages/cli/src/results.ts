// FileResult lives with the formatters that read it (@pcilint/formatters).
export { toFileResult, type FileResult } from '@pcilint/formatters';
