/**
 * Inline directives, as ESLint users know them, in the comment syntax of
 * each input language:
 *
 *   <!-- pcilint-disable-next-line q35/a, q35/b ; why this is fine -->
 *   # pcilint-disable common/x ; why
 *
 * The reason follows the first `;`. ESLint's ` -- reason` cannot be used:
 * XML forbids `--` inside a comment, and one syntax serves both languages.
 * This module only reads the text of one comment; where a directive applies
 * is decided in file-directives.ts.
 */

export type DirectiveKind = 'disable' | 'enable' | 'disable-line' | 'disable-next-line';

export interface ParsedDirective {
  readonly kind: DirectiveKind;
  /** The rule ids listed, in order; empty means every rule. */
  readonly ruleIds: readonly string[];
  /** The text after `;`, trimmed; '' when none was given. */
  readonly justification: string;
  /** What is wrong with how the directive is written (it still applies as read). */
  readonly problems: readonly string[];
}

const DIRECTIVE = /^\s*pcilint-(disable-next-line|disable-line|disable|enable)(?=$|[\s;,])/;

/** The directive a comment body holds, or null when the comment is not one. */
export function parseDirective(body: string): ParsedDirective | null {
  const match = DIRECTIVE.exec(body);
  if (!match) return null;
  const kind = match[1] as DirectiveKind;
  const rest = body.slice(match[0].length);
  const problems: string[] = [];
  const separator = rest.indexOf(';');
  let list = separator === -1 ? rest : rest.slice(0, separator);
  let justification = separator === -1 ? '' : rest.slice(separator + 1).trim();
  // ESLint's habit, possible in a shell comment: say how to write it here, and honour it anyway.
  const dashes = /(^|\s)--(\s|$)/.exec(list);
  if (dashes) {
    problems.push(`pcilint-${kind}: write the reason after ";", not "--" (XML comments cannot contain "--")`);
    justification = [list.slice(dashes.index + dashes[0].length).trim(), justification].filter((p) => p !== '').join('; ');
    list = list.slice(0, dashes.index);
  }
  // Commas separate rule ids as in ESLint; blanks do too, so a forgotten comma names two rules, not one odd one.
  const ruleIds = list.split(/[\s,]+/).filter((id) => id !== '');
  return { kind, ruleIds, justification, problems };
}
