import { analyzeText, decodeSource, describeTopology, fixText, lintText, parseWithSaxes, plainXmlDisagreement, sourceLanguageOfName, type LintMessage, type ResolvedConfig } from '@pcilint/core';

/** Thrown for a result that is wrong without an exception: a fix that does not parse, a position outside the text. */
export class PipelineDefect extends Error {}

/**
 * Everything pcilint does with one input, in memory: decode, graph,
 * placement, every rule of every pack, the topology, and --fix with a
 * re-lint of its output. Any exception escaping is a bug; so is a fix whose
 * output does not parse, a message pointing outside the text, and the fast
 * XML reader accepting a text saxes refuses or reading it differently.
 */
/** How far a case got: counted by the fuzzer, so a run shows it reached the rules and the fixer. */
export type CaseDepth = 'undecodable' | 'skipped' | 'fatal' | 'linted' | 'fixed';

export function exercise(bytes: Uint8Array, fileName: string, config: ResolvedConfig): CaseDepth {
  const decoded = decodeSource(bytes);
  if (decoded.kind === 'error') {
    const { line, column } = decoded.error;
    if (line < 1 || column < 1) throw new PipelineDefect(`decode error at ${line}:${column}`);
    return 'undecodable';
  }
  const text = decoded.text;
  const named = sourceLanguageOfName(fileName);
  checkXmlReaders(text);
  const language = named === 'unsupported' || named === null ? undefined : named;
  const result = lintText(text, config, { computeFixes: true, language });
  for (const m of result.messages) checkPosition(m, text);

  const analyzed = analyzeText(text, config.settings, language);
  if (analyzed.kind === 'analysis') describeTopology(analyzed.analysis.graph, analyzed.analysis.prediction);

  if (result.skipped !== undefined) return 'skipped';
  if (result.messages.some((m) => m.fatal)) return 'fatal';
  const fixed = fixText(text, config, { language });
  if (!fixed.fixed) return 'linted';
  const again = lintText(fixed.output, config, { language });
  const fatal = again.messages.find((m) => m.fatal);
  if (fatal) throw new PipelineDefect(`--fix output does not parse: ${fatal.message}`);
  return 'fixed';
}

function checkXmlReaders(text: string): void {
  const disagreement = plainXmlDisagreement(text, parseWithSaxes(text));
  if (disagreement) throw new PipelineDefect(disagreement);
}

function checkPosition(m: LintMessage, text: string): void {
  const [start, end] = m.range;
  const ok = m.line >= 1 && m.column >= 1 && m.endLine >= m.line && start >= 0 && end >= start && end <= text.length;
  if (!ok) throw new PipelineDefect(`message outside the text: ${m.ruleId ?? 'parser'} at ${m.line}:${m.column} range ${start}-${end} of ${text.length}: ${m.message}`);
}
