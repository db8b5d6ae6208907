import type { MachineFamily } from '../catalog/machines.js';
import type { SourceLanguage } from '../frontends/graph-from-text.js';
import { mergeEdits, type Edit } from '../fix/edit.js';
import { createFixer } from '../fix/create-fixer.js';
import type { RuleFixer } from '../fix/rule-fixer.js';
import { LineIndex, type Span } from '../syntax/source.js';
import { isDeclarativeRule } from '../policy/declarative-pack.js';
import type { PlacementPrediction } from '../placement/predict.js';
import { analyzeText, type FileAnalysis } from './analysis.js';
import { applyDirectives, type DirectiveOptions, type SuppressedMessage } from './apply-directives.js';
import { fileDirectives } from './file-directives.js';
import type { EnabledRule, ResolvedConfig } from './config.js';
import { NodePaths } from './node-path.js';
import type { Locatable, ReportDescriptor, RuleContext, RuleMeta, RulePack } from './rule.js';
import type { Settings } from './settings.js';
import { timed, type TimingCollector } from './timings.js';

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
  /**
   * Stable path of the graph node the message is about (engine/node-path.ts),
   * for fingerprints that survive unrelated edits. Always set by lintText;
   * optional so messages built elsewhere stay valid.
   */
  readonly nodePath?: string;
}

/** Plain data (no graph): it can cross a worker boundary or go into a cache file unchanged. */
export interface LintResult {
  readonly messages: readonly LintMessage[];
  /** Findings silenced by a directive comment (or, in the CLI, the suppressions file), as ESLint reports them. */
  readonly suppressedMessages?: readonly SuppressedMessage[];
  /** Set when the file was not linted (not a libvirt domain). */
  readonly skipped?: string;
  readonly machineFamily?: MachineFamily;
  readonly language?: SourceLanguage;
}

export type RuleType = RuleMeta['type'];

export interface LintOptions extends DirectiveOptions {
  /**
   * Build each report's fix (default true). Off when nothing will use them:
   * a fix may predict placement again, which costs more than the check.
   */
  readonly computeFixes?: boolean;
  /** Only fixes of rules of these types (`--fix-type`); default all. */
  readonly fixTypes?: readonly RuleType[];
  /** The input language when the file name gave it (sourceLanguageOfName); else the content decides. */
  readonly language?: SourceLanguage;
  /** Collects time per stage and per rule (`--stats`); unset, nothing is timed. */
  readonly timings?: TimingCollector;
}

/** Packs whose machine families include the guest's. */
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
  const linted = lintBeforeDirectives(text, config, options);
  return linted.analysis ? { result: withDirectives(linted.result, linted.analysis, config, options), analysis: linted.analysis } : linted;
}

/**
 * Every rule's findings, sorted, before inline directives apply: the async
 * linter adds the declarative rules' findings here, so one directive
 * pass sees them all (a directive used only by a declarative finding is used).
 */
export function lintBeforeDirectives(text: string, config: ResolvedConfig, options: LintOptions = {}): { result: LintResult; analysis: FileAnalysis | null } {
  const { timings } = options;
  const analyzed = analyzeText(text, config.settings, options.language, timings);
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
  // Built on the first message: a clean file never pays for indexing its nodes.
  let nodePaths: NodePaths | undefined;
  const paths = () => (nodePaths ??= new NodePaths(graph, text));

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
      nodePath: paths().forSpan(problem.span),
    });
  }

  // One context per file, pointed at each rule in turn: a context per rule per file was a measurable share of a
  // fleet run. `report` is an arrow function, so a rule may destructure it.
  let ruleId = '';
  let ruleEnabled: EnabledRule | undefined;
  let fixesWanted = false;
  const report = (descriptor: ReportDescriptor) => {
    const id = ruleId;
    const enabled = ruleEnabled!;
    const template = enabled.rule.meta.messages[descriptor.messageId];
    if (template === undefined) throw new Error(`Rule "${id}" reported unknown messageId "${descriptor.messageId}"`);
    const span = spanOf(descriptor.at) ?? descriptor.node?.span ?? fallback;
    const start = lines.positionAt(span.start);
    const end = lines.positionAt(span.end);
    let fix: Edit | null = null;
    if (fixesWanted && descriptor.fix) {
      fixer ??= createFixer(text, graph);
      const built = timed(timings, 'fix', () => descriptor.fix!(fixer!));
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
      nodePath: paths().forReport(descriptor.node, descriptor.at, span),
    });
  };
  const context = new FileRuleContext(analysis, config.settings, report);

  for (const [id, enabled] of config.rules) {
    if (!packApplies(enabled.pack, graph.machine.family)) continue;
    const { rule } = enabled;
    if (graph.machine.recognition !== 'known' && rule.meta.machineIndependent !== true) continue;
    // json-rules-engine is asynchronous: lintTextAsync (policy/lint-async.ts) evaluates declarative rules.
    if (isDeclarativeRule(rule)) continue;
    ruleId = context.id = id;
    ruleEnabled = enabled;
    context.options = enabled.options;
    fixesWanted = computeFixes && (!options.fixTypes || options.fixTypes.includes(rule.meta.type));
    try {
      if (timings) timings.time('rules', () => rule.check(graph, context), id);
      else rule.check(graph, context);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Rule "${id}" crashed: ${reason}`, { cause: error });
    }
  }
  messages.sort((a, b) => a.line - b.line || a.column - b.column || (a.ruleId ?? '').localeCompare(b.ruleId ?? ''));
  return { result: { messages, machineFamily: graph.machine.family, language: analysis.language }, analysis };
}

/** Applies the file's inline directives to a result of lintBeforeDirectives (plus any findings added to it). */
export function withDirectives(result: LintResult, analysis: FileAnalysis, config: ResolvedConfig, options: LintOptions = {}): LintResult {
  const { text, lines, graph } = analysis;
  const root = analysis.language === 'libvirt-xml' ? graph.domainElement : null;
  const directed = applyDirectives(result.messages, fileDirectives(text, analysis.language, lines, root), knownRuleIds(config), lines, options);
  const suppressed = directed.suppressedMessages.length > 0 ? { suppressedMessages: directed.suppressedMessages } : {};
  return { ...result, messages: directed.messages, ...suppressed };
}

const ruleIdsOfConfig = new WeakMap<ResolvedConfig, ReadonlySet<string>>();

/** Every rule of the loaded packs, on or off: a directive naming anything else is a mistake. */
function knownRuleIds(config: ResolvedConfig): ReadonlySet<string> {
  let ids = ruleIdsOfConfig.get(config);
  if (!ids) ruleIdsOfConfig.set(config, (ids = new Set(config.packs.flatMap((p) => p.rules.map((r) => r.meta.id)))));
  return ids;
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
    // Nothing was read: the message is about the whole document.
    nodePath: '/',
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

/**
 * What a rule sees of the file being linted. A class, not an object literal with a getter, which kept
 * the file's graph and tree alive through young-generation collections (see LazyFileAnalysis).
 */
class FileRuleContext implements RuleContext {
  id = '';
  options: readonly unknown[] = [];
  readonly sourceText: string;
  readonly language: SourceLanguage;
  readonly predictWith: RuleContext['predictWith'];
  readonly #analysis: FileAnalysis;

  constructor(
    analysis: FileAnalysis,
    readonly settings: Settings,
    readonly report: RuleContext['report'],
  ) {
    this.#analysis = analysis;
    this.sourceText = analysis.text;
    this.language = analysis.language;
    this.predictWith = analysis.predictWith;
  }

  get prediction(): PlacementPrediction {
    return this.#analysis.prediction;
  }
}
