import type { LineIndex } from '../syntax/source.js';
import type { FileDirective } from './file-directives.js';
import type { LintMessage } from './linter.js';

/** Why a message was not reported, in ESLint's shape: a directive comment, or the suppressions file. */
export interface Suppression {
  readonly kind: 'directive' | 'file';
  /** The reason written after `;` ('' when none, and always for the file). */
  readonly justification: string;
}

/** A finding a directive or the suppressions file silenced (ESLint's `suppressedMessages` entries). */
export interface SuppressedMessage extends LintMessage {
  readonly suppressions: readonly Suppression[];
}

/** How directives are honoured: ESLint's `noInlineConfig` and `reportUnusedDisableDirectives`, and a stricter option. */
export interface DirectiveOptions {
  /** false (`--no-inline-config`): directives are ignored, and each is reported as a warning. Default true. */
  readonly inlineConfig?: boolean;
  /** A directive that silences nothing; ESLint 9's default, `warn`. */
  readonly reportUnusedDisableDirectives?: 'off' | 'warn' | 'error';
  /** A disable directive without a reason is an error (`--require-directive-reason`). */
  readonly requireDirectiveReason?: boolean;
}

/** The messageId of each problem a directive itself has (its ruleId is null). */
export type DirectiveMessageId = 'directive-ignored' | 'directive-malformed' | 'directive-unknown-rule' | 'directive-without-reason' | 'directive-unused';

const DIRECTIVE_MESSAGE_IDS: ReadonlySet<string> = new Set<DirectiveMessageId>(['directive-ignored', 'directive-malformed', 'directive-unknown-rule', 'directive-without-reason', 'directive-unused']);

/**
 * A problem of a directive comment, not of the guest: `pcilint topology`
 * must not call it a refusal, and the fix loop must not count it as an
 * error a fix added.
 */
export function isDirectiveProblem(message: Pick<LintMessage, 'ruleId' | 'messageId'>): boolean {
  return message.ruleId === null && message.messageId !== undefined && DIRECTIVE_MESSAGE_IDS.has(message.messageId);
}

export interface DirectedMessages {
  readonly messages: LintMessage[];
  readonly suppressedMessages: SuppressedMessage[];
}

interface Resolved {
  readonly directive: FileDirective;
  /** The known rule ids it names, or 'all' when it names none. */
  readonly rules: readonly string[] | 'all';
}

/**
 * Moves the findings the directives silence to suppressedMessages and adds
 * the directives' own problems (unknown rules, a missing reason, unused
 * directives) as messages without a rule id, which no directive silences.
 * Block directives follow ESLint: `disable` applies from the comment on,
 * `enable` ends it, `enable X` after a bare `disable` re-enables only X.
 */
export function applyDirectives(
  found: readonly LintMessage[],
  directives: readonly FileDirective[],
  knownRules: ReadonlySet<string>,
  lines: LineIndex,
  options: DirectiveOptions = {},
): DirectedMessages {
  if (directives.length === 0) return { messages: [...found], suppressedMessages: [] };
  const problems: LintMessage[] = [];
  const at = (directive: FileDirective, severity: 1 | 2, message: string, messageId: DirectiveMessageId) => problems.push(messageAt(directive, severity, message, messageId, lines));

  if (options.inlineConfig === false) {
    for (const d of directives) at(d, 1, `'pcilint-${d.kind}' has no effect because inline configuration is disabled (--no-inline-config).`, 'directive-ignored');
    return { messages: sorted([...found, ...problems]), suppressedMessages: [] };
  }

  const resolved: Resolved[] = [];
  for (const d of directives) {
    for (const problem of d.problems) at(d, 2, problem, 'directive-malformed');
    const unknown = d.ruleIds.filter((id) => !knownRules.has(id));
    for (const id of unknown) at(d, 2, `pcilint-${d.kind}: definition for rule '${id}' was not found.`, 'directive-unknown-rule');
    if (options.requireDirectiveReason && d.kind !== 'enable' && d.justification === '') {
      at(d, 2, `pcilint-${d.kind} needs a reason: write it after the rule ids, following ";" (pcilint-${d.kind} ${d.ruleIds[0] ?? 'pack/rule'} ; why this is acceptable).`, 'directive-without-reason');
    }
    resolved.push({ directive: d, rules: d.ruleIds.length === 0 ? 'all' : d.ruleIds.filter((id) => knownRules.has(id)) });
  }

  const blocks = resolved.filter((r) => r.directive.kind === 'disable' || r.directive.kind === 'enable');
  const lineDirectives = resolved.filter((r) => r.directive.lines !== undefined);
  const used = new Map<Resolved, Set<string>>();
  const markUsed = (r: Resolved, ruleId: string) => {
    let rules = used.get(r);
    if (!rules) used.set(r, (rules = new Set()));
    rules.add(ruleId);
  };

  const messages: LintMessage[] = [];
  const suppressedMessages: SuppressedMessage[] = [];
  for (const message of found) {
    const ruleId = message.ruleId;
    if (ruleId === null) {
      messages.push(message);
      continue;
    }
    const by: Resolved[] = [];
    const block = blockInEffect(blocks, ruleId, message.range[0]);
    if (block) by.push(block);
    for (const r of lineDirectives) {
      const covered = r.directive.lines!;
      if (covered.from <= message.line && message.line <= covered.to && names(r, ruleId)) by.push(r);
    }
    if (by.length === 0) {
      messages.push(message);
      continue;
    }
    for (const r of by) markUsed(r, ruleId);
    suppressedMessages.push({ ...message, suppressions: by.map((r) => ({ kind: 'directive' as const, justification: r.directive.justification })) });
  }

  const severity = options.reportUnusedDisableDirectives ?? 'warn';
  if (severity !== 'off') {
    const level = severity === 'error' ? 2 : 1;
    for (const r of resolved) {
      if (r.directive.kind === 'enable') continue;
      const silenced = used.get(r);
      if (r.rules === 'all') {
        if (!silenced) at(r.directive, level, `Unused pcilint-${r.directive.kind} directive (no problems were reported).`, 'directive-unused');
        continue;
      }
      const idle = r.rules.filter((id) => !silenced?.has(id));
      if (idle.length > 0) at(r.directive, level, `Unused pcilint-${r.directive.kind} directive (no problems were reported from ${quotedList(idle)}).`, 'directive-unused');
    }
    for (const { directive, idle } of unmatchedEnables(blocks)) {
      const detail = idle === 'all' ? 'no matching pcilint-disable directives were found' : `no matching pcilint-disable directives were found for ${quotedList(idle)}`;
      at(directive, level, `Unused pcilint-enable directive (${detail}).`, 'directive-unused');
    }
  }
  return { messages: sorted([...messages, ...problems]), suppressedMessages };
}

function names(r: Resolved, ruleId: string): boolean {
  return r.rules === 'all' || r.rules.includes(ruleId);
}

/** The block `disable` silencing ruleId at this offset, if any: the directives before it, replayed in order. */
function blockInEffect(blocks: readonly Resolved[], ruleId: string, offset: number): Resolved | null {
  let all: Resolved | null = null;
  let one: Resolved | null = null;
  let reenabled = false;
  for (const r of blocks) {
    if (r.directive.comment.start >= offset) break;
    const applies = names(r, ruleId);
    if (r.directive.kind === 'disable') {
      if (r.rules === 'all') {
        all = r;
        reenabled = false;
      } else if (applies) {
        one = r;
        reenabled = false;
      }
    } else if (r.rules === 'all') {
      all = null;
      one = null;
    } else if (applies) {
      one = null;
      reenabled = true;
    }
  }
  return one ?? (all && !reenabled ? all : null);
}

/** `enable` directives that end nothing: no disable of that rule (or of all rules) is in effect there. */
function unmatchedEnables(blocks: readonly Resolved[]): { directive: FileDirective; idle: readonly string[] | 'all' }[] {
  const unmatched: { directive: FileDirective; idle: readonly string[] | 'all' }[] = [];
  let all = false;
  const disabled = new Set<string>();
  const reenabled = new Set<string>();
  for (const r of blocks) {
    if (r.directive.kind === 'disable') {
      if (r.rules === 'all') {
        all = true;
        reenabled.clear();
      } else {
        for (const id of r.rules) {
          disabled.add(id);
          reenabled.delete(id);
        }
      }
      continue;
    }
    if (r.rules === 'all') {
      if (!all && disabled.size === 0) unmatched.push({ directive: r.directive, idle: 'all' });
      all = false;
      disabled.clear();
      reenabled.clear();
      continue;
    }
    const idle = r.rules.filter((id) => !disabled.has(id) && !(all && !reenabled.has(id)));
    if (idle.length > 0) unmatched.push({ directive: r.directive, idle });
    for (const id of r.rules) {
      disabled.delete(id);
      if (all) reenabled.add(id);
    }
  }
  return unmatched;
}

function quotedList(ids: readonly string[]): string {
  const quoted = ids.map((id) => `'${id}'`);
  if (quoted.length <= 2) return quoted.join(' or ');
  return `${quoted.slice(0, -1).join(', ')}, or ${quoted[quoted.length - 1]}`;
}

function messageAt(directive: FileDirective, severity: 1 | 2, message: string, messageId: DirectiveMessageId, lines: LineIndex): LintMessage {
  const start = lines.positionAt(directive.comment.start);
  const end = lines.positionAt(directive.comment.end);
  return {
    ruleId: null,
    severity,
    message,
    messageId,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    range: [directive.comment.start, directive.comment.end],
  };
}

function sorted(messages: LintMessage[]): LintMessage[] {
  return messages.sort((a, b) => a.line - b.line || a.column - b.column || (a.ruleId ?? '').localeCompare(b.ruleId ?? ''));
}
