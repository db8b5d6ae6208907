/**
 * Where linting spends its time (`pcilint --stats`, as ESLint's --stats and
 * TIMING): per stage and per rule, in milliseconds, summed over every lint
 * of a run (a --fix run lints each file once per pass).
 *
 * Stages are exclusive: time goes to the innermost stage running. Placement
 * is computed lazily by the first rule that asks for it and then shared, so
 * it is its own stage and not charged to that rule; building a fix inside a
 * rule's report is the fix stage. So the stages add up to the total, and the
 * rules add up to the rules stage.
 */
export type LintStage = 'parse' | 'graph' | 'placement' | 'rules' | 'fix';

export const LINT_STAGES: readonly LintStage[] = ['parse', 'graph', 'placement', 'rules', 'fix'];

/** Plain data: crosses a worker boundary unchanged, and adds up. */
export interface LintTimings {
  readonly stages: Readonly<Record<LintStage, number>>;
  readonly rules: Readonly<Record<string, number>>;
}

interface Open {
  readonly stage: LintStage;
  readonly rule: string | undefined;
  started: number;
}

/** Collects LintTimings. Linting without one (LintOptions.timings unset) never reads the clock. */
export class TimingCollector {
  private readonly stageTotals: Record<LintStage, number> = { parse: 0, graph: 0, placement: 0, rules: 0, fix: 0 };
  private readonly ruleTotals: Record<string, number> = {};
  private open: Open | null = null;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Runs `work` as `stage` (with `rule` for the rules stage); a stage started inside it pauses it. */
  time<T>(stage: LintStage, work: () => T, rule?: string): T {
    const outer = this.open;
    const start = this.now();
    if (outer) this.charge(outer, start);
    const inner: Open = { stage, rule, started: start };
    this.open = inner;
    try {
      return work();
    } finally {
      const end = this.now();
      this.charge(inner, end);
      this.open = outer;
      if (outer) outer.started = end;
    }
  }

  timings(): LintTimings {
    return { stages: { ...this.stageTotals }, rules: { ...this.ruleTotals } };
  }

  private charge(open: Open, at: number): void {
    const spent = at - open.started;
    this.stageTotals[open.stage] += spent;
    if (open.rule !== undefined) this.ruleTotals[open.rule] = (this.ruleTotals[open.rule] ?? 0) + spent;
  }
}

/** `work()`, timed when there is a collector. */
export function timed<T>(timings: TimingCollector | undefined, stage: LintStage, work: () => T, rule?: string): T {
  return timings ? timings.time(stage, work, rule) : work();
}

/** The sum of timings (files of a run, results of workers). */
export function addTimings(a: LintTimings, b: LintTimings): LintTimings {
  const stages = { ...a.stages } as Record<LintStage, number>;
  for (const stage of LINT_STAGES) stages[stage] += b.stages[stage];
  const rules: Record<string, number> = { ...a.rules };
  for (const [id, ms] of Object.entries(b.rules)) rules[id] = (rules[id] ?? 0) + ms;
  return { stages, rules };
}

export const NO_TIMINGS: LintTimings = { stages: { parse: 0, graph: 0, placement: 0, rules: 0, fix: 0 }, rules: {} };
