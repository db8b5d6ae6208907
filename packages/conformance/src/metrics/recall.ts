import { CorpusLinter } from '../corpus-linter.js';
import { familyOf, type Corpus, type ManifestEntry } from '../manifest.js';

export interface RecallCase {
  readonly name: string;
  readonly family: string;
  readonly input: string;
  readonly errText: string | null;
  /** libvirt passes this case in some run (e.g. latest caps) and fails it only with older/fake QEMU caps. */
  readonly olderCapsOnly: boolean;
  /** The caps settings the case was linted with, when it fails only with an older QEMU (olderQemuSettings). */
  readonly capsSettings: Readonly<Record<string, boolean>> | null;
  readonly hit: boolean;
  /** Rules that reported an error (the hit), or, on a miss, that only warned. */
  readonly errorRules: readonly string[];
  readonly warningRules: readonly string[];
  /** Why a miss cannot be a hit: the file crashed the linter, did not parse, or was skipped. */
  readonly problem?: string;
}

export interface FamilyRecall {
  readonly cases: number;
  readonly hits: number;
  readonly rate: number;
}

export interface RecallMetric {
  readonly cases: number;
  readonly hits: number;
  /** hits / cases (1 when there are no cases). */
  readonly rate: number;
  readonly byFamily: Readonly<Record<string, FamilyRecall>>;
  readonly results: readonly RecallCase[];
  readonly misses: readonly RecallCase[];
  /** pciError entries without an input on disk (not counted). */
  readonly unavailable: readonly string[];
}

/**
 * Metric 3: of the inputs libvirt refuses for a PCI reason, the share where
 * pcilint reports at least one error (a fatal parse message is not a hit).
 */
export function measureRecall(corpus: Corpus, linter: CorpusLinter): RecallMetric {
  const results: RecallCase[] = [];
  const unavailable: string[] = [];
  for (const entry of corpus.entries) {
    if (entry.pciError !== true) continue;
    if (!entry.input) {
      unavailable.push(entry.name);
      continue;
    }
    const older = olderQemuSettings(entry);
    const caseLinter = older ? linterFor(linter, older) : linter;
    const outcome = caseLinter.lint(entry.input);
    if (outcome.kind === 'missing') {
      unavailable.push(entry.name);
      continue;
    }
    const base = {
      name: entry.name,
      family: familyOf(entry),
      input: entry.input,
      errText: entry.errText,
      olderCapsOnly: failsOnlyWithOlderCaps(entry),
      capsSettings: older?.caps ?? null,
    };
    if (outcome.kind === 'crashed') {
      results.push({ ...base, hit: false, errorRules: [], warningRules: [], problem: `linter crashed: ${outcome.error}` });
      continue;
    }
    const messages = outcome.result.messages;
    const fatal = messages.find((m) => m.fatal);
    const errorRules = unique(messages.filter((m) => !m.fatal && m.severity === 2).map((m) => m.ruleId ?? '(no rule)'));
    const warningRules = unique(messages.filter((m) => !m.fatal && m.severity === 1).map((m) => m.ruleId ?? '(no rule)'));
    const problem = fatal
      ? `fatal: ${fatal.message}`
      : outcome.result.skipped !== undefined
        ? `skipped: ${outcome.result.skipped}`
        : undefined;
    results.push({ ...base, hit: errorRules.length > 0, errorRules, warningRules, ...(problem ? { problem } : {}) });
  }
  const byFamily: Record<string, FamilyRecall> = {};
  for (const family of unique(results.map((r) => r.family)).sort()) {
    const inFamily = results.filter((r) => r.family === family);
    const hits = inFamily.filter((r) => r.hit).length;
    byFamily[family] = { cases: inFamily.length, hits, rate: hits / inFamily.length };
  }
  const hits = results.filter((r) => r.hit).length;
  return {
    cases: results.length,
    hits,
    rate: results.length === 0 ? 1 : hits / results.length,
    byFamily,
    results,
    misses: results.filter((r) => !r.hit),
    unavailable,
  };
}

/**
 * The capability switches of the QEMU a version-caps run describes, when the
 * case fails only there. libvirt refuses those inputs because that QEMU lacks
 * a property; pcilint models the property as a setting (`settings.caps`),
 * which a user of that QEMU would set. Null when no switch differs.
 */
export function olderQemuSettings(entry: ManifestEntry): { caps: Record<string, boolean> } | null {
  if (!failsOnlyWithOlderCaps(entry)) return null;
  const failing = entry.runs.find((r) => r.expect !== 'pass' && r.capsVersion !== null);
  const version = failing?.capsVersion?.match(/^(\d+)\.(\d+)/);
  if (!version) return null;
  const at = (major: number, minor: number) => Number(version[1]) > major || (Number(version[1]) === major && Number(version[2]) >= minor);
  const caps: Record<string, boolean> = {};
  // PIIX4_PM acpi-root-pci-hotplug: QEMU 5.2; pcie-root-port hotplug: QEMU 5.0.
  if (!at(5, 2)) caps.piix4RootHotplugAttr = false;
  if (!at(5, 0)) caps.rootPortHotplugAttr = false;
  return Object.keys(caps).length > 0 ? { caps } : null;
}

const olderLinters = new WeakMap<CorpusLinter, Map<string, CorpusLinter>>();

function linterFor(base: CorpusLinter, settings: { caps: Record<string, boolean> }): CorpusLinter {
  let byKey = olderLinters.get(base);
  if (!byKey) olderLinters.set(base, (byKey = new Map()));
  const key = JSON.stringify(settings);
  let linter = byKey.get(key);
  if (!linter) byKey.set(key, (linter = new CorpusLinter(base.corpusDir, base.packs, settings)));
  return linter;
}

/** Some run of the case passes (typically latest caps): the refusal depends on an older or hand-written QEMU. */
export function failsOnlyWithOlderCaps(entry: ManifestEntry): boolean {
  return entry.runs.some((run) => run.expect === 'pass');
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
