import type { MachineFamily } from '../catalog/machines.js';
import type { FileAnalysis } from '../engine/analysis.js';
import type { ResolvedConfig } from '../engine/config.js';
import { lintBeforeDirectives, lintWithAnalysis, packApplies, withDirectives, type LintMessage, type LintOptions, type LintResult } from '../engine/linter.js';
import { DECLARATIVE_MESSAGE_ID, isDeclarativeRule } from './declarative-pack.js';
import { buildPolicyFacts } from './facts.js';
import { resolveFactPath } from './fact-path.js';
import type { CompiledPolicy, PolicyRuleInput } from './policy-engine.js';

/*
 * Declarative rules in the lint. The design: the synchronous linter
 * (lintText, lintWithAnalysis) runs TypeScript rules and skips declarative
 * ones; lintTextAsync runs it, then — only when the configuration enables a
 * declarative rule for the guest's machine family — builds the facts once
 * from the same analysis, evaluates the rules with json-rules-engine and
 * merges the findings in report order. Everything synchronous keeps working
 * (the fix loop, rule-tester, topology) and pays nothing; the CLI awaits
 * lintTextAsync and adds the declarative findings of a fixed text with
 * declarativeFindings.
 */

/** The enabled declarative rules of a configuration that apply to a family, in configuration order. */
function declarativeRulesFor(config: ResolvedConfig, family: MachineFamily): PolicyRuleInput[] {
  const rules: PolicyRuleInput[] = [];
  for (const [id, enabled] of config.rules) {
    if (isDeclarativeRule(enabled.rule) && packApplies(enabled.pack, family)) rules.push({ id, spec: enabled.rule.declarative });
  }
  return rules;
}

/** Engines built once per configuration and family, and reused for every file. */
const compiled = new WeakMap<ResolvedConfig, Map<MachineFamily, Promise<CompiledPolicy | null>>>();

function policyFor(config: ResolvedConfig, family: MachineFamily): Promise<CompiledPolicy | null> {
  let byFamily = compiled.get(config);
  if (!byFamily) compiled.set(config, (byFamily = new Map()));
  let policy = byFamily.get(family);
  if (!policy) {
    const rules = declarativeRulesFor(config, family);
    // The dynamic import keeps json-rules-engine out of runs without declarative rules.
    policy = rules.length === 0 ? Promise.resolve(null) : import('./policy-engine.js').then((m) => m.compilePolicy(rules));
    byFamily.set(family, policy);
  }
  return policy;
}

/** Whether a configuration enables any declarative rule (for any family). */
export function hasDeclarativeRules(config: ResolvedConfig): boolean {
  for (const enabled of config.rules.values()) if (isDeclarativeRule(enabled.rule)) return true;
  return false;
}

/** `{{model}}`, `{{bus.model}}`, `{{counts.devices}}`: a placeholder left as written when the data has no such value. */
export function fillTemplate(template: string, data: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{\{\s*([\w.$[\]'-]+)\s*\}\}/g, (whole, path: string) => {
    const value = resolveFactPath(data, path);
    if (value === undefined) return whole;
    if (value === null) return 'none';
    if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}

/** The findings of the configuration's declarative rules on one analysed file. */
export async function declarativeFindings(analysis: FileAnalysis, config: ResolvedConfig): Promise<LintMessage[]> {
  const { graph, lines } = analysis;
  const policy = await policyFor(config, graph.machine.family);
  if (!policy) return [];
  const findings = await policy.evaluate(buildPolicyFacts(analysis));
  // As the synchronous linter: the node's start tag (or argv token), else the machine type.
  const fallback = graph.machine.typeElement?.startTagSpan ?? graph.domainElement.startTagSpan;
  return findings.map((finding) => {
    const enabled = config.rules.get(finding.ruleId)!;
    const span = finding.node?.span ?? fallback;
    const start = lines.positionAt(span.start);
    const end = lines.positionAt(span.end);
    return {
      ruleId: finding.ruleId,
      severity: enabled.severity,
      message: fillTemplate(enabled.rule.meta.messages[DECLARATIVE_MESSAGE_ID], finding.data),
      messageId: DECLARATIVE_MESSAGE_ID,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      range: [span.start, span.end] as const,
    };
  });
}

/** The linter's report order: position, then rule id. */
export function sortMessages(messages: LintMessage[]): LintMessage[] {
  return messages.sort((a, b) => a.line - b.line || a.column - b.column || (a.ruleId ?? '').localeCompare(b.ruleId ?? ''));
}

/** lintWithAnalysis plus declarative rules: what the CLI runs. */
export async function lintWithAnalysisAsync(
  text: string,
  config: ResolvedConfig,
  options: LintOptions = {},
): Promise<{ result: LintResult; analysis: FileAnalysis | null }> {
  if (!hasDeclarativeRules(config)) return lintWithAnalysis(text, config, options);
  const linted = lintBeforeDirectives(text, config, options);
  if (!linted.analysis) return linted;
  const added = await declarativeFindings(linted.analysis, config);
  const merged = added.length === 0 ? linted.result : { ...linted.result, messages: sortMessages([...linted.result.messages, ...added]) };
  // Directives last, over TypeScript and declarative findings alike.
  return { result: withDirectives(merged, linted.analysis, config, options), analysis: linted.analysis };
}

/** lintText with the configuration's declarative rules too. */
export async function lintTextAsync(text: string, config: ResolvedConfig, options: LintOptions = {}): Promise<LintResult> {
  return (await lintWithAnalysisAsync(text, config, options)).result;
}

/**
 * The result of a fixed text with the declarative rules' findings too: `result`
 * (the fix loop's final lint) when no declarative rule is enabled, else the
 * text linted again asynchronously, so inline directives see every finding.
 */
export async function withDeclarativeFindings(text: string, result: LintResult, config: ResolvedConfig, options: LintOptions = {}): Promise<LintResult> {
  if (!hasDeclarativeRules(config) || result.skipped !== undefined || result.messages.some((m) => m.fatal)) return result;
  return lintTextAsync(text, config, { ...options, computeFixes: false });
}
