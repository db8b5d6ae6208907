export { runCli, USAGE, type Io } from './cli.js';
export { CorpusLinter, type FileOutcome, type GraphOutcome } from './corpus-linter.js';
export { UsageError } from './errors.js';
export { familyOf, listedFiles, loadCorpus, type Corpus, type CorpusFile, type ManifestEntry, type ManifestRun } from './manifest.js';
export {
  argvXmlPairs,
  measureEquivalence,
  topologyOf,
  type EquivalenceMetric,
  type EquivalencePair,
  type FamilyEquivalence,
} from './metrics/equivalence.js';
export { measureFalseErrors, type FalseError, type FalseErrorMetric, type RefusedError } from './metrics/false-errors.js';
export { measureParse, type ParseMetric } from './metrics/parse.js';
export {
  comparePlacement,
  formatAddress,
  latestCapsOutputs,
  measurePlacement,
  type FamilyPlacement,
  type MultifunctionAgreement,
  type PlacementCase,
  type PlacementComparison,
  type PlacementMetric,
} from './metrics/placement.js';
export { failsOnlyWithOlderCaps, measureRecall, type FamilyRecall, type RecallCase, type RecallMetric } from './metrics/recall.js';
export { PACKS } from './packs.js';
export { loadKnownRefusals, refusalMatches, type KnownRefusal } from './refusals.js';
export { runConformance, type ConformanceReport, type RunOptions } from './run.js';
export { formatReport, percent, renderTable } from './table.js';
export { evaluateThresholds, exitCodeFor, loadThresholds, parseThresholds, type Measured, type ThresholdCheck, type Thresholds } from './thresholds.js';
