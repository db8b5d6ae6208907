import type { CorpusLinter } from '../corpus-linter.js';
import type { Corpus } from '../manifest.js';
import { refusalMatches, type KnownRefusal } from '../refusals.js';

export interface FalseError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly ruleId: string;
  readonly message: string;
  /** Manifest entries whose xml2xml lists the file. */
  readonly entries: readonly string[];
}

export interface RefusedError extends FalseError {
  readonly reason: string;
  readonly evidence: string;
}

export interface FalseErrorMetric {
  /** Output files linted (present on disk and not crashed). */
  readonly files: number;
  /** Error-severity diagnostics of non-hotplug-policy rules, minus known QEMU refusals. */
  readonly count: number;
  readonly errors: readonly FalseError[];
  /** Excluded from count: libvirt accepts, QEMU refuses (verified). */
  readonly knownRefusals: readonly RefusedError[];
  /** Known-refusal entries that matched no diagnostic (the rule or the file changed). */
  readonly staleRefusals: readonly KnownRefusal[];
  /** Error-severity diagnostics of hotplug-policy rules (not counted: policy, not a refusal). */
  readonly hotplugPolicyErrors: number;
  readonly warnings: number;
  /** Per rule: diagnostics on outputs, for --verbose. */
  readonly byRule: Readonly<Record<string, { readonly errors: number; readonly warnings: number; readonly hotplugPolicy: boolean }>>;
}

/**
 * Metric 2: libvirt accepted and normalised every xml2xml output, so an error
 * there is a false error unless the rule only states a hotplug policy, or the
 * configuration is one QEMU refuses (known-qemu-refusals.json).
 */
export function measureFalseErrors(corpus: Corpus, linter: CorpusLinter, refusals: readonly KnownRefusal[]): FalseErrorMetric {
  const entriesByOutput = new Map<string, string[]>();
  for (const entry of corpus.entries) {
    for (const output of entry.xml2xml) {
      const names = entriesByOutput.get(output) ?? [];
      if (!names.includes(entry.name)) names.push(entry.name);
      entriesByOutput.set(output, names);
    }
  }
  const errors: FalseError[] = [];
  const knownRefusals: RefusedError[] = [];
  const used = new Set<KnownRefusal>();
  const byRule: Record<string, { errors: number; warnings: number; hotplugPolicy: boolean }> = {};
  let files = 0;
  let hotplugPolicyErrors = 0;
  let warnings = 0;
  for (const [file, entries] of entriesByOutput) {
    const outcome = linter.lint(file);
    if (outcome.kind !== 'linted') continue; // missing and crashed files are the parse metric's business
    files++;
    for (const m of outcome.result.messages) {
      if (m.fatal || m.ruleId === null) continue; // fatal parse errors are listed by the parse metric
      const hotplugPolicy = linter.isHotplugPolicy(m.ruleId);
      const tally = (byRule[m.ruleId] ??= { errors: 0, warnings: 0, hotplugPolicy });
      if (m.severity !== 2) {
        tally.warnings++;
        warnings++;
        continue;
      }
      tally.errors++;
      if (hotplugPolicy) {
        hotplugPolicyErrors++;
        continue;
      }
      const error: FalseError = { file, line: m.line, column: m.column, ruleId: m.ruleId, message: m.message, entries };
      const refusal = refusals.find((r) => refusalMatches(r, file, m.ruleId, m.line));
      if (refusal) {
        used.add(refusal);
        knownRefusals.push({ ...error, reason: refusal.reason, evidence: refusal.evidence });
      } else {
        errors.push(error);
      }
    }
  }
  return {
    files,
    count: errors.length,
    errors,
    knownRefusals,
    staleRefusals: refusals.filter((r) => !used.has(r)),
    hotplugPolicyErrors,
    warnings,
    byRule,
  };
}
