import type { MachineFamily } from '../catalog/machines.js';
import { graphFromText } from '../frontends/graph-from-text.js';
import type { DeviceGraph } from '../ir/graph.js';
import { LineIndex, type Span } from '../syntax/source.js';
import type { ResolvedConfig } from './config.js';
import type { Locatable, ReportDescriptor, RuleContext, RulePack } from './rule.js';

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
  readonly fix?: { readonly range: readonly [number, number]; readonly text: string };
}

export interface LintResult {
  readonly messages: readonly LintMessage[];
  /** Set when the file was not linted (not a libvirt domain). */
  readonly skipped?: string;
  readonly machineFamily?: MachineFamily;
  readonly graph?: DeviceGraph;
}

/** Packs whose machine families include the guest's (brief §6.1 "Scope"). */
export function packApplies(pack: RulePack, family: MachineFamily): boolean {
  return pack.families === 'all' || pack.families.includes(family);
}

/**
 * Lints one libvirt domain XML or QEMU command-line text. Pure: no file
 * system, no terminal. Problems of the command line itself (bad JSON, a bus
 * that names nothing) come first, with ruleId null, as ESLint reports
 * problems that belong to no rule.
 * A rule that throws is a bug in that rule; the error names it and propagates.
 */
export function lintText(text: string, config: ResolvedConfig): LintResult {
  const lines = new LineIndex(text);
  const built = graphFromText(text);
  if (built.kind === 'syntax-error') {
    const offset = built.error.offset;
    const pos = lines.positionAt(offset);
    return {
      messages: [
        {
          ruleId: null,
          severity: 2,
          fatal: true,
          message: `Parsing error: ${built.error.message}`,
          line: pos.line,
          column: pos.column,
          endLine: pos.line,
          endColumn: pos.column,
          range: [offset, offset],
        },
      ],
    };
  }
  if (built.kind === 'skipped') return { messages: [], skipped: built.reason };
  const graph = built.graph;
  const fallback = graph.machine.typeElement?.startTagSpan ?? graph.domainElement.startTagSpan;
  const messages: LintMessage[] = [];
  // Fixes are XML edits; a command line gets its findings without them.
  const fixesApply = graph.source === 'libvirt-xml';
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
    const context: RuleContext = {
      id,
      options: enabled.options,
      settings: config.settings,
      sourceText: text,
      report(descriptor: ReportDescriptor) {
        const template = rule.meta.messages[descriptor.messageId];
        if (template === undefined) throw new Error(`Rule "${id}" reported unknown messageId "${descriptor.messageId}"`);
        const span = spanOf(descriptor.at) ?? descriptor.node?.span ?? fallback;
        const start = lines.positionAt(span.start);
        const end = lines.positionAt(span.end);
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
          ...(descriptor.fix && fixesApply ? { fix: { range: descriptor.fix.range, text: descriptor.fix.text } } : {}),
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
  return { messages, machineFamily: graph.machine.family, graph };
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
