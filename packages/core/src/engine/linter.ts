import type { MachineFamily } from '../catalog/machines.js';
import type { SourceLanguage } from '../frontends/graph-from-text.js';
import { mergeEdits, type Edit } from '../fix/edit.js';
import { createFixer } from '../fix/create-fixer.js';
import type { RuleFixer } from '../fix/rule-fixer.js';
import { LineIndex, type Span } from '../syntax/source.js';
import { isDeclarativeRule } from '../policy/declarative-pack.js';
import { analyzeText, type FileAnalysis } from './analysis.js';
import type { ResolvedConfig } from './config.js';
import type { Locatable, ReportDescriptor, RuleContext, RuleMeta, RulePack } from './rule.js';

/** One finding, in the shape of ESLint's LintMessage so ESLint tooling can read it. */
export interface LintMessage {
  readonly ruleId: string | null;
  readonly severity: 1 | 2;
  readonly message: string;
  readonly messageId?: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** Offsets into the text, for fixers and editors. */
  readonly range: readonly [number, number];
  readonly fatal?: true;
  readonly fix?: Edit;
  /**
   * The rule offers a fix for this finding. Set also when fixes were not
   * computed (then a fix function may still find nothing to do).
   */
  readonly fixable?: true;
}

/** Plain data (no graph): it can cross a worker boundary or go into a cache file unchanged. */
export interface LintResult {
  readonly messages: readonly LintMessage[];
  /** Set when the file was not linted (not a libvirt domain). */
  readonly skipped?: string;
  readonly machineFamily?: MachineFamily;
  readonly language?: SourceLanguage;
}

export type RuleType = RuleMeta['type'];

export interface LintOptions {
  /**
   * Build each report's fix (default true). Off when nothing will use them:
   * a fix may predict placement again, which costs more than the check.
   */
  readonly computeFixes?: boolean;
  /** Only fixes of rules of these types (`--fix-type`); default all. */
  readonly fixTypes?: readonly RuleType[];
}

/** Packs whose machine families include the guest's (brief §6.1 "Scope"). */
export function packApplies(pack: RulePack, family: MachineFamily): boolean {
  return pack.families === 'all' || pack.families.includes(family);
}

/**
 * Lints one libvirt domain XML or QEMU command-line text. Pure: no file
 * system, no terminal.
 */
export function lintText(text: string, config: ResolvedConfig, options: LintOptions = {}): LintResult {
  return lintWithAnalysis(text, config, options).result;
}

/**
 * lintText, also handing back the file's analysis (graph and prediction)
 * for callers that need both without computing them twice.
 * Problems of the command line itself (bad JSON, a bus that names nothing)
 * come first, with ruleId null, as ESLint reports problems that belong to no
 * rule. A rule that throws is a bug in that rule; the error names it and
 * propagates.
 */
export function lintWithAnalysis(text: string, config: ResolvedConfig, options: LintOptions = {}): { result: LintResult; analysis: FileAnalysis | null } {
  const analyzed = analyzeText(text, config.settings);
  if (analyzed.kind === 'syntax-error') {
    return { result: { messages: [fatalMessage(text, analyzed.error)], language: analyzed.language }, analysis: null };
  }
  if (analyzed.kind === 'skipped') return { result: { messages: [], skipped: analyzed.reason, language: analyzed.language }, analysis: null };
  const analysis = analyzed.analysis;
  const { graph, lines } = analysis;
  const fallback = graph.machine.typeElement?.startTagSpan ?? graph.domainElement.startTagSpan;
  const messages: LintMessage[] = [];
  const computeFixes = options.computeFixes !== false;
  let fixer: RuleFixer | undefined;

  for (const problem of graph.sourceProblems ?? []) {
    const start = lines.positionAt(problem.span.start);
    const end = lines.positionAt(problem.span.end);
    messages.push({
      ruleId: null,
      severity: problem.severity === 'error' ? 2 : 1,
      message: problem.message,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      range: [problem.span.start, problem.span.end],
    });
  }

  for (const [id, enabled] of config.rules) {
    if (!packApplies(enabled.pack, graph.machine.family)) continue;
    const { rule } = enabled;
    // json-rules-engine is asynchronous: lintTextAsync (policy/lint-async.ts) evaluates declarative rules.
    if (isDeclarativeRule(rule)) continue;
    const fixesWanted = computeFixes && (!options.fixTypes || options.fixTypes.includes(rule.meta.type));
    const context: RuleContext = {
      id,
      options: enabled.options,
      settings: config.settings,
      sourceText: text,
      language: analysis.language,
      get prediction() {
        return analysis.prediction;
      },
      predictWith: analysis.predictWith,
      report(descriptor: ReportDescriptor) {
        const template = rule.meta.messages[descriptor.messageId];
        if (template === undefined) throw new Error(`Rule "${id}" reported unknown messageId "${descriptor.messageId}"`);
        const span = spanOf(descriptor.at) ?? descriptor.node?.span ?? fallback;
        const start = lines.positionAt(span.start);
        const end = lines.positionAt(span.end);
        let fix: Edit | null = null;
        if (fixesWanted && descriptor.fix) {
          fixer ??= createFixer(text, graph);
          const built = descriptor.fix(fixer);
          fix = built === null ? null : 'range' in built ? built : mergeEdits(text, built.filter((e): e is Edit => e !== null));
        }
        messages.push({
          ruleId: id,
          severity: enabled.severity,
          message: interpolate(template, descriptor.data),
          messageId: descriptor.messageId,
          line: start.line,
          column: start.column,
          endLine: end.line,
          endColumn: end.column,
          range: [span.start, span.end],
          ...(fix ? { fix, fixable: true as const } : !computeFixes && descriptor.fix ? { fixable: true as const } : {}),
        });
      },
    };
    try {
      rule.check(graph, context);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Rule "${id}" crashed: ${reason}`, { cause: error });
    }
  }
  messages.sort((a, b) => a.line - b.line || a.column - b.column || (a.ruleId ?? '').localeCompare(b.ruleId ?? ''));
  return { result: { messages, machineFamily: graph.machine.family, language: analysis.language }, analysis };
}

function fatalMessage(text: string, error: { readonly message: string; readonly offset: number }): LintMessage {
  const offset = error.offset;
  const { line, column } = new LineIndex(text).positionAt(offset);
  return {
    ruleId: null,
    severity: 2,
    fatal: true,
    message: `Parsing error: ${error.message}`,
    line,
    column,
    endLine: line,
    endColumn: column,
    range: [offset, offset],
  };
}

function spanOf(at: Locatable | null | undefined): Span | null {
  if (!at) return null;
  if ('kind' in at) return at.kind === 'attribute' ? at.span : at.startTagSpan;
  return at;
}

function interpolate(template: string, data: ReportDescriptor['data']): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
    data && Object.prototype.hasOwnProperty.call(data, key) ? String(data[key]) : whole,
  );
}
