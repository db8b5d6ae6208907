import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from './errors.js';
import type { FalseErrorMetric } from './metrics/false-errors.js';
import type { ParseMetric } from './metrics/parse.js';
import type { EquivalenceMetric } from './metrics/equivalence.js';
import type { FixRoundTripMetric } from './metrics/fix-round-trip.js';
import type { PlacementMetric } from './metrics/placement.js';
import type { RecallMetric } from './metrics/recall.js';

/** thresholds.json: the floor each metric must reach. Only ever raise these. */
export interface Thresholds {
  /** Minimum share of listed files linted without a crash (0..1). */
  readonly parseRate: number;
  /** Maximum fatal XML parse messages on libvirt's (well-formed) files. */
  readonly maxParseFatals: number;
  /** Maximum false errors on libvirt's normalised outputs. */
  readonly maxFalseErrors: number;
  /** Minimum recall over all pciError cases (0..1). */
  readonly recall: number;
  /** Minimum recall per manifest machine family (0..1). */
  readonly recallByFamily: Readonly<Record<string, number>>;
  /** Minimum share of latest-caps xml2xml cases whose predicted placement is exact (0..1; 0 when absent). */
  readonly placementRate: number;
  /** The same over the cases the manifest marks PCI-related (0..1; 0 when absent). */
  readonly placementPciRate: number;
  /** Minimum exact-placement share per manifest machine family (0..1). */
  readonly placementByFamily: Readonly<Record<string, number>>;
  /** Minimum share of (argv, xml2xml) pairs whose two graphs show the same PCI topology (0..1; 0 when absent). */
  readonly equivalenceRate: number;
  /** The same over the pairs of cases the manifest marks PCI-related (0..1; 0 when absent). */
  readonly equivalencePciRate: number;
  /** Minimum equivalent-pair share per manifest machine family (0..1). */
  readonly equivalenceByFamily: Readonly<Record<string, number>>;
  /** Most corpus inputs whose --fix output does not parse, is not idempotent or adds errors (absent: not checked). */
  readonly maxFixFailures?: number;
}

export interface ThresholdCheck {
  /** Stable id: parseRate, maxParseFatals, maxFalseErrors, recall, recall:<family>, placementRate, placementPciRate, placement:<family>,
   *  equivalenceRate, equivalencePciRate, equivalence:<family>. */
  readonly id: string;
  readonly label: string;
  readonly kind: 'rate' | 'count';
  readonly value: number;
  readonly threshold: number;
  readonly comparison: '>=' | '<=';
  readonly pass: boolean;
  /** e.g. "1172/1172". */
  readonly detail?: string;
}

/** Rates are ratios of small integers; allow for float noise when comparing with a written threshold. */
const EPSILON = 1e-9;

export function loadThresholds(path: string): Thresholds {
  if (!existsSync(path)) throw new UsageError(`thresholds file not found: ${path}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseThresholds(raw, path);
}

export function parseThresholds(raw: unknown, source = 'thresholds'): Thresholds {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UsageError(`${source}: expected a JSON object`);
  const o = raw as Record<string, unknown>;
  const rate = (key: string, value: unknown): number => {
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new UsageError(`${source}: "${key}" must be a number from 0 to 1`);
    return value;
  };
  const count = (key: string, value: unknown): number => {
    if (!Number.isInteger(value) || (value as number) < 0) throw new UsageError(`${source}: "${key}" must be a non-negative integer`);
    return value as number;
  };
  const families = (key: string): Record<string, number> => {
    const value = o[key] ?? {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new UsageError(`${source}: "${key}" must be an object of family -> rate`);
    }
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([family, v]) => [family, rate(`${key}.${family}`, v)]));
  };
  const known = new Set([
    '$comment',
    'parseRate',
    'maxParseFatals',
    'maxFalseErrors',
    'recall',
    'recallByFamily',
    'placementRate',
    'placementPciRate',
    'placementByFamily',
    'equivalenceRate',
    'equivalencePciRate',
    'equivalenceByFamily',
    'maxFixFailures',
  ]);
  for (const key of Object.keys(o)) if (!known.has(key)) throw new UsageError(`${source}: unknown key "${key}"`);
  return {
    parseRate: rate('parseRate', o.parseRate),
    maxParseFatals: count('maxParseFatals', o.maxParseFatals ?? 0),
    maxFalseErrors: count('maxFalseErrors', o.maxFalseErrors),
    recall: rate('recall', o.recall),
    recallByFamily: families('recallByFamily'),
    placementRate: rate('placementRate', o.placementRate ?? 0),
    placementPciRate: rate('placementPciRate', o.placementPciRate ?? 0),
    placementByFamily: families('placementByFamily'),
    equivalenceRate: rate('equivalenceRate', o.equivalenceRate ?? 0),
    equivalencePciRate: rate('equivalencePciRate', o.equivalencePciRate ?? 0),
    equivalenceByFamily: families('equivalenceByFamily'),
    ...(o.maxFixFailures === undefined ? {} : { maxFixFailures: count('maxFixFailures', o.maxFixFailures) }),
  };
}

export interface Measured {
  readonly parse: ParseMetric;
  readonly falseErrors: FalseErrorMetric;
  readonly recall: RecallMetric;
  /** Absent: the placement thresholds are not checked. */
  readonly placement?: PlacementMetric;
  /** Absent: the equivalence thresholds are not checked. */
  readonly equivalence?: EquivalenceMetric;
  /** Absent: the fix round trip is not checked. */
  readonly fixRoundTrip?: FixRoundTripMetric;
}

/** Compares each metric with its threshold. Families with a threshold but no case in the corpus are not checked. */
export function evaluateThresholds(measured: Measured, thresholds: Thresholds): ThresholdCheck[] {
  const { parse, falseErrors, recall, placement, equivalence, fixRoundTrip } = measured;
  const atLeast = (value: number, threshold: number) => value + EPSILON >= threshold;
  const checks: ThresholdCheck[] = [
    {
      id: 'parseRate',
      label: 'parse (files linted without crash)',
      kind: 'rate',
      value: parse.rate,
      threshold: thresholds.parseRate,
      comparison: '>=',
      pass: atLeast(parse.rate, thresholds.parseRate),
      detail: `${parse.ok}/${parse.total}`,
    },
    {
      id: 'maxParseFatals',
      label: 'fatal XML parse errors',
      kind: 'count',
      value: parse.fatals.length,
      threshold: thresholds.maxParseFatals,
      comparison: '<=',
      pass: parse.fatals.length <= thresholds.maxParseFatals,
    },
    {
      id: 'maxFalseErrors',
      label: 'false errors on libvirt outputs',
      kind: 'count',
      value: falseErrors.count,
      threshold: thresholds.maxFalseErrors,
      comparison: '<=',
      pass: falseErrors.count <= thresholds.maxFalseErrors,
      detail: `${falseErrors.files} files` + (falseErrors.knownRefusals.length > 0 ? `, ${falseErrors.knownRefusals.length} known QEMU refusals excluded` : ''),
    },
    {
      id: 'recall',
      label: 'recall on PCI errors',
      kind: 'rate',
      value: recall.rate,
      threshold: thresholds.recall,
      comparison: '>=',
      pass: atLeast(recall.rate, thresholds.recall),
      detail: `${recall.hits}/${recall.cases}`,
    },
  ];
  for (const [family, threshold] of Object.entries(thresholds.recallByFamily).sort(([a], [b]) => a.localeCompare(b))) {
    const measuredFamily = recall.byFamily[family];
    if (!measuredFamily) continue;
    checks.push({
      id: `recall:${family}`,
      label: `recall ${family}`,
      kind: 'rate',
      value: measuredFamily.rate,
      threshold,
      comparison: '>=',
      pass: atLeast(measuredFamily.rate, threshold),
      detail: `${measuredFamily.hits}/${measuredFamily.cases}`,
    });
  }
  if (placement) {
    checks.push(
      {
        id: 'placementRate',
        label: 'placement (latest-caps xml2xml)',
        kind: 'rate',
        value: placement.rate,
        threshold: thresholds.placementRate,
        comparison: '>=',
        pass: atLeast(placement.rate, thresholds.placementRate),
        detail: `${placement.exact}/${placement.cases}`,
      },
      {
        id: 'placementPciRate',
        label: 'placement, PCI-related cases',
        kind: 'rate',
        value: placement.pciRate,
        threshold: thresholds.placementPciRate,
        comparison: '>=',
        pass: atLeast(placement.pciRate, thresholds.placementPciRate),
        detail: `${placement.pciExact}/${placement.pciCases}`,
      },
    );
    for (const [family, threshold] of Object.entries(thresholds.placementByFamily).sort(([a], [b]) => a.localeCompare(b))) {
      const measuredFamily = placement.byFamily[family];
      if (!measuredFamily) continue;
      checks.push({
        id: `placement:${family}`,
        label: `placement ${family}`,
        kind: 'rate',
        value: measuredFamily.rate,
        threshold,
        comparison: '>=',
        pass: atLeast(measuredFamily.rate, threshold),
        detail: `${measuredFamily.exact}/${measuredFamily.cases}`,
      });
    }
  }
  if (equivalence) {
    checks.push(
      {
        id: 'equivalenceRate',
        label: 'equivalence (argv vs XML)',
        kind: 'rate',
        value: equivalence.rate,
        threshold: thresholds.equivalenceRate,
        comparison: '>=',
        pass: atLeast(equivalence.rate, thresholds.equivalenceRate),
        detail: `${equivalence.equivalent}/${equivalence.pairs}`,
      },
      {
        id: 'equivalencePciRate',
        label: 'equivalence, PCI-related cases',
        kind: 'rate',
        value: equivalence.pciRate,
        threshold: thresholds.equivalencePciRate,
        comparison: '>=',
        pass: atLeast(equivalence.pciRate, thresholds.equivalencePciRate),
        detail: `${equivalence.pciEquivalent}/${equivalence.pciPairs}`,
      },
    );
    for (const [family, threshold] of Object.entries(thresholds.equivalenceByFamily).sort(([a], [b]) => a.localeCompare(b))) {
      const measuredFamily = equivalence.byFamily[family];
      if (!measuredFamily) continue;
      checks.push({
        id: `equivalence:${family}`,
        label: `equivalence ${family}`,
        kind: 'rate',
        value: measuredFamily.rate,
        threshold,
        comparison: '>=',
        pass: atLeast(measuredFamily.rate, threshold),
        detail: `${measuredFamily.equivalent}/${measuredFamily.pairs}`,
      });
    }
  }
  if (fixRoundTrip && thresholds.maxFixFailures !== undefined) {
    const f = fixRoundTrip;
    checks.push({
      id: 'maxFixFailures',
      label: '--fix round trip failures (parse, idempotence, new errors)',
      kind: 'count',
      value: f.failures.length,
      threshold: thresholds.maxFixFailures,
      comparison: '<=',
      pass: f.failures.length <= thresholds.maxFixFailures,
      detail: `${f.changed}/${f.files} inputs changed; ${f.parses} parse, ${f.idempotent} idempotent, ${f.noNewErrors} without new errors`,
    });
  }
  return checks;
}

/** 0 when every metric reaches its threshold, 1 otherwise. */
export function exitCodeFor(checks: readonly ThresholdCheck[]): 0 | 1 {
  return checks.every((c) => c.pass) ? 0 : 1;
}
