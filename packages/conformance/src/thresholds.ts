import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from './errors.js';
import type { FalseErrorMetric } from './metrics/false-errors.js';
import type { ParseMetric } from './metrics/parse.js';
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
}

export interface ThresholdCheck {
  /** Stable id: parseRate, maxParseFatals, maxFalseErrors, recall, recall:<family>. */
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
  const known = new Set(['$comment', 'parseRate', 'maxParseFatals', 'maxFalseErrors', 'recall', 'recallByFamily']);
  for (const key of Object.keys(o)) if (!known.has(key)) throw new UsageError(`${source}: unknown key "${key}"`);
  const byFamily = o.recallByFamily ?? {};
  if (typeof byFamily !== 'object' || byFamily === null || Array.isArray(byFamily)) {
    throw new UsageError(`${source}: "recallByFamily" must be an object of family -> rate`);
  }
  return {
    parseRate: rate('parseRate', o.parseRate),
    maxParseFatals: count('maxParseFatals', o.maxParseFatals ?? 0),
    maxFalseErrors: count('maxFalseErrors', o.maxFalseErrors),
    recall: rate('recall', o.recall),
    recallByFamily: Object.fromEntries(
      Object.entries(byFamily as Record<string, unknown>).map(([family, value]) => [family, rate(`recallByFamily.${family}`, value)]),
    ),
  };
}

export interface Measured {
  readonly parse: ParseMetric;
  readonly falseErrors: FalseErrorMetric;
  readonly recall: RecallMetric;
}

/** Compares each metric with its threshold. Families with a threshold but no case in the corpus are not checked. */
export function evaluateThresholds(measured: Measured, thresholds: Thresholds): ThresholdCheck[] {
  const { parse, falseErrors, recall } = measured;
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
  return checks;
}

/** 0 when every metric reaches its threshold, 1 otherwise. */
export function exitCodeFor(checks: readonly ThresholdCheck[]): 0 | 1 {
  return checks.every((c) => c.pass) ? 0 : 1;
}
