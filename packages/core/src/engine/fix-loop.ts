import { applyEdits, type Edit } from '../fix/edit.js';
import type { ResolvedConfig } from './config.js';
import { isDirectiveProblem, type DirectiveOptions } from './apply-directives.js';
import { lintText, type LintMessage, type LintOptions, type LintResult } from './linter.js';
import { timed } from './timings.js';

export const MAX_FIX_PASSES = 10;

/** Why the fixer stopped before a fixed point, or dropped a fix. */
export interface FixNote {
  readonly pass: number;
  readonly ruleId: string | null;
  readonly reason: 'breaks-parse' | 'adds-error' | 'loop' | 'pass-limit';
  readonly message: string;
}

export interface FixOutcome {
  /** The fixed text (the input when nothing applied). */
  readonly output: string;
  /** True when output differs from the input. */
  readonly fixed: boolean;
  /** Lint of the output: what remains after fixing. */
  readonly result: LintResult;
  /** Fixes applied, per rule id. */
  readonly appliedByRule: Readonly<Record<string, number>>;
  readonly passes: number;
  readonly notes: readonly FixNote[];
}

/**
 * ESLint's verify-and-fix loop: lint, apply the fixes that do not overlap
 * (sorted by position; the others wait for the next pass, recomputed against
 * the new text), lint again, until nothing is left to fix, at most
 * MAX_FIX_PASSES passes. A pass is kept only if its output still parses and
 * has no more errors of any rule than the input had; when a pass fails that
 * check, its fixes are tried one at a time and only the harmless ones kept.
 * A text seen before means two fixes undo each other: stop there.
 */
export function fixText(text: string, config: ResolvedConfig, options: Pick<LintOptions, 'fixTypes' | 'language' | 'timings' | keyof DirectiveOptions> = {}): FixOutcome {
  // Directives apply while fixing too: a silenced finding's fix is never applied.
  const lintOptions: LintOptions = { ...options, computeFixes: true };
  const inputResult = lintText(text, config, lintOptions);
  const inputErrors = errorCounts(inputResult.messages);
  const appliedByRule: Record<string, number> = {};
  const notes: FixNote[] = [];
  const seen = new Set<string>([text]);
  let current = text;
  let result = inputResult;
  let passes = 0;

  // A file that does not parse is never touched: there is nothing sound to fix against.
  if (result.messages.some((m) => m.fatal)) return { output: text, fixed: false, result, appliedByRule, passes, notes };

  // Fixes found harmful once are not offered again (they would be recomputed identically).
  const rejected = new Set<string>();
  while (passes < MAX_FIX_PASSES) {
    const fixable = result.messages.filter((m): m is LintMessage & { fix: Edit } => m.fix !== undefined).filter((m) => !rejected.has(fixKey(m)));
    if (fixable.length === 0) break;
    passes++;
    let accepted: PassResult | null = tryPass(current, fixable, config, lintOptions, inputErrors);
    if (!accepted.ok) {
      // Find the culprits: apply the first fix that is harmless on its own, reject the harmful ones.
      accepted = null;
      for (const candidate of fixable) {
        const alone = tryPass(current, [candidate], config, lintOptions, inputErrors);
        if (alone.ok) {
          accepted = alone;
          break;
        }
        rejected.add(fixKey(candidate));
        notes.push(...alone.notes.map((n) => ({ ...n, ruleId: candidate.ruleId, pass: passes })));
      }
      if (!accepted) break;
    }
    if (seen.has(accepted.output)) {
      notes.push({ pass: passes, ruleId: null, reason: 'loop', message: 'fixes undo one another; stopped before repeating them' });
      break;
    }
    seen.add(accepted.output);
    for (const m of accepted.applied) if (m.ruleId) appliedByRule[m.ruleId] = (appliedByRule[m.ruleId] ?? 0) + 1;
    current = accepted.output;
    result = accepted.result;
  }
  if (passes === MAX_FIX_PASSES && result.messages.some((m) => m.fix)) {
    notes.push({ pass: passes, ruleId: null, reason: 'pass-limit', message: `stopped after ${MAX_FIX_PASSES} passes with fixes left` });
  }
  return { output: current, fixed: current !== text, result, appliedByRule, passes, notes };
}

interface PassResult {
  readonly ok: boolean;
  readonly output: string;
  readonly result: LintResult;
  readonly applied: readonly LintMessage[];
  readonly notes: readonly Omit<FixNote, 'pass'>[];
}

function tryPass(
  text: string,
  fixable: readonly (LintMessage & { fix: Edit })[],
  config: ResolvedConfig,
  options: LintOptions,
  inputErrors: ReadonlyMap<string, number>,
): PassResult {
  const { output, applied } = timed(options.timings, 'fix', () => applyEdits(text, fixable.map((m) => m.fix)));
  const appliedMessages = applied.map((i) => fixable[i]);
  const result = lintText(output, config, options);
  const fatal = result.messages.find((m) => m.fatal);
  if (fatal) {
    const ruleId = appliedMessages.length === 1 ? appliedMessages[0].ruleId : null;
    return { ok: false, output, result, applied: appliedMessages, notes: [{ ruleId, reason: 'breaks-parse', message: `the fixed text would not parse (${fatal.message})` }] };
  }
  const added = addedErrors(inputErrors, errorCounts(result.messages));
  if (added.length > 0) {
    const ruleId = appliedMessages.length === 1 ? appliedMessages[0].ruleId : null;
    return { ok: false, output, result, applied: appliedMessages, notes: [{ ruleId, reason: 'adds-error', message: `the fix would add errors: ${added.join(', ')}` }] };
  }
  return { ok: true, output, result, applied: appliedMessages, notes: [] };
}

function fixKey(m: LintMessage & { fix: Edit }): string {
  return `${m.ruleId}|${m.messageId}|${m.fix.range[0]}|${m.fix.range[1]}|${m.fix.text}`;
}

function errorCounts(messages: readonly LintMessage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) if (m.severity === 2 && !isDirectiveProblem(m)) counts.set(m.ruleId ?? '(parse)', (counts.get(m.ruleId ?? '(parse)') ?? 0) + 1);
  return counts;
}

function addedErrors(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): string[] {
  const added: string[] = [];
  for (const [rule, count] of after) if (count > (before.get(rule) ?? 0)) added.push(rule);
  return added;
}
