import type { RulePack } from '@pcilint/core';
import { CorpusLinter } from './corpus-linter.js';
import type { Corpus } from './manifest.js';
import { measureEquivalence, type EquivalenceMetric } from './metrics/equivalence.js';
import { measureFalseErrors, type FalseErrorMetric } from './metrics/false-errors.js';
import { measureFixRoundTrip, type FixRoundTripMetric } from './metrics/fix-round-trip.js';
import { measureParse, type ParseMetric } from './metrics/parse.js';
import { measurePlacement, type PlacementMetric } from './metrics/placement.js';
import { measureRecall, type RecallMetric } from './metrics/recall.js';
import type { KnownRefusal } from './refusals.js';
import { evaluateThresholds, exitCodeFor, type ThresholdCheck, type Thresholds } from './thresholds.js';

export interface ConformanceReport {
  readonly corpus: { readonly dir: string; readonly libvirtVersion: string | null; readonly entries: number };
  readonly packs: readonly { readonly name: string; readonly rules: number }[];
  /** Enabled rules (recommended config). */
  readonly rules: number;
  readonly parse: ParseMetric;
  readonly falseErrors: FalseErrorMetric;
  readonly recall: RecallMetric;
  readonly placement: PlacementMetric;
  /** PCI topology of the graph built from libvirt's argv vs the one built from its output XML (same caps). */
  readonly equivalence: EquivalenceMetric;
  /** --fix over every input XML: parses, idempotent, no new errors. */
  readonly fixRoundTrip: FixRoundTripMetric;
  readonly thresholds: Thresholds;
  readonly checks: readonly ThresholdCheck[];
  /** Recall thresholds for families that have no case in this corpus (not checked). */
  readonly uncheckedFamilyThresholds: readonly string[];
  /** Placement thresholds for families that have no latest-caps xml2xml case in this corpus (not checked). */
  readonly uncheckedPlacementFamilyThresholds: readonly string[];
  /** Equivalence thresholds for families that have no (argv, xml2xml) pair in this corpus (not checked). */
  readonly uncheckedEquivalenceFamilyThresholds: readonly string[];
  readonly pass: boolean;
  readonly exitCode: 0 | 1;
  readonly filesLinted: number;
  readonly durationMs: number;
}

export interface RunOptions {
  readonly corpus: Corpus;
  readonly packs: readonly RulePack[];
  readonly thresholds: Thresholds;
  readonly refusals: readonly KnownRefusal[];
}

/** Lints the corpus once (one resolved config, each file once) and computes every metric; placement and equivalence reuse the linted graphs. */
export function runConformance({ corpus, packs, thresholds, refusals }: RunOptions): ConformanceReport {
  const started = performance.now();
  const linter = new CorpusLinter(corpus.dir, packs);
  const parse = measureParse(corpus, linter);
  const falseErrors = measureFalseErrors(corpus, linter, refusals);
  const recall = measureRecall(corpus, linter);
  const placement = measurePlacement(corpus, linter);
  const equivalence = measureEquivalence(corpus, linter);
  const fixRoundTrip = measureFixRoundTrip(corpus, linter);
  const checks = evaluateThresholds({ parse, falseErrors, recall, placement, equivalence, fixRoundTrip }, thresholds);
  const exitCode = exitCodeFor(checks);
  return {
    corpus: { dir: corpus.dir, libvirtVersion: corpus.libvirtVersion, entries: corpus.entries.length },
    packs: packs.map((p) => ({ name: p.name, rules: p.rules.length })),
    rules: linter.config.rules.size,
    parse,
    falseErrors,
    recall,
    placement,
    equivalence,
    fixRoundTrip,
    thresholds,
    checks,
    uncheckedFamilyThresholds: Object.keys(thresholds.recallByFamily).filter((f) => !(f in recall.byFamily)),
    uncheckedPlacementFamilyThresholds: Object.keys(thresholds.placementByFamily).filter((f) => !(f in placement.byFamily)),
    uncheckedEquivalenceFamilyThresholds: Object.keys(thresholds.equivalenceByFamily).filter((f) => !(f in equivalence.byFamily)),
    pass: exitCode === 0,
    exitCode,
    filesLinted: linter.lintedCount,
    durationMs: Math.round(performance.now() - started),
  };
}
