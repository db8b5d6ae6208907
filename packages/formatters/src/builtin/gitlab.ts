import type { FormatterContext } from '../context.js';
import type { FormatterResult } from '../formatter-results.js';
import { fingerprintsOf } from '../fingerprint.js';
import { repoRelativePath } from '../paths.js';

/**
 * GitLab Code Quality (a subset of the Code Climate issue format that
 * GitLab reads): description, check_name, fingerprint, severity and
 * location (repository-relative path, first line). Fingerprints come from
 * the rule, the message kind and the node's stable path, never from the
 * line, so moving unrelated lines does not make GitLab report a finding as
 * fixed and new; they are unique across the report.
 */
export function formatGitlab(results: readonly FormatterResult[], context: FormatterContext): string {
  const issues = results.flatMap((result) => {
    const path = repoRelativePath(result.filePath, context);
    const fingerprints = fingerprintsOf(path, result.messages);
    return result.messages.map((message, i) => ({
      type: 'issue',
      description: message.message,
      check_name: message.ruleId ?? 'pcilint',
      fingerprint: fingerprints[i],
      severity: message.fatal ? 'blocker' : message.severity === 2 ? 'major' : 'minor',
      location: { path, lines: { begin: message.line || 1, end: message.endLine || message.line || 1 } },
    }));
  });
  return JSON.stringify(issues, null, 2);
}
