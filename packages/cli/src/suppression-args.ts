import { CliError } from './errors.js';

/**
 * The command-line options of inline directives and of the suppressions
 * file (docs/suppressions.md), kept apart from args.ts so that file only
 * spreads them in.
 */
export interface SuppressionCliOptions {
  /** --no-inline-config: directive comments are ignored (and reported as warnings). */
  readonly inlineConfig: boolean;
  /** ESLint 9: `warn` by default; --report-unused-disable-directives makes it `error`. */
  readonly reportUnusedDisableDirectives: 'off' | 'warn' | 'error';
  /** --require-directive-reason: a disable directive without `; reason` is an error. */
  readonly requireDirectiveReason: boolean;
  /** --suppress-all: record every error of every rule in the suppressions file. */
  readonly suppressAll: boolean;
  /** --suppress-rule RULE: record the errors of these rules only. */
  readonly suppressRules: readonly string[];
  /** --suppressions-location PATH; undefined means pcilint-suppressions.json in the working directory. */
  readonly suppressionsLocation: string | undefined;
  /** --prune-suppressions: drop the recorded errors that no longer occur. */
  readonly pruneSuppressions: boolean;
  /** --pass-on-unpruned-suppressions: recorded errors that no longer occur do not fail the run. */
  readonly passOnUnprunedSuppressions: boolean;
}

export const DEFAULT_SUPPRESSIONS_FILE = 'pcilint-suppressions.json';

export const SUPPRESSION_OPTIONS = {
  'inline-config': { type: 'boolean', default: true },
  'report-unused-disable-directives': { type: 'boolean', default: false },
  'report-unused-disable-directives-severity': { type: 'string' },
  'require-directive-reason': { type: 'boolean', default: false },
  'suppress-all': { type: 'boolean', default: false },
  'suppress-rule': { type: 'string', multiple: true, default: [] as string[] },
  'suppressions-location': { type: 'string' },
  'prune-suppressions': { type: 'boolean', default: false },
  'pass-on-unpruned-suppressions': { type: 'boolean', default: false },
} as const;

export const SUPPRESSION_USAGE = `Inline directives and suppressions (docs/suppressions.md):
  --no-inline-config                Ignore <!-- pcilint-disable... --> and
                                    # pcilint-disable... comments (each is reported
                                    as a warning)
  --report-unused-disable-directives
                                    Report directives that silence nothing as errors
  --report-unused-disable-directives-severity off|warn|error
                                    Severity of unused directives (default warn)
  --require-directive-reason        A disable directive without "; reason" is an error
  --suppress-all                    Record every error in the suppressions file;
                                    later runs report only new ones
  --suppress-rule RULE              Record the errors of RULE only; repeatable
  --suppressions-location PATH      Suppressions file (default
                                    ${DEFAULT_SUPPRESSIONS_FILE} in the working directory)
  --prune-suppressions              Drop recorded errors that no longer occur
  --pass-on-unpruned-suppressions   Recorded errors that no longer occur do not fail
                                    the run (exit 2 otherwise)
`;

interface Values {
  readonly 'inline-config': boolean;
  readonly 'report-unused-disable-directives': boolean;
  readonly 'report-unused-disable-directives-severity'?: string;
  readonly 'require-directive-reason': boolean;
  readonly 'suppress-all': boolean;
  readonly 'suppress-rule': readonly string[];
  readonly 'suppressions-location'?: string;
  readonly 'prune-suppressions': boolean;
  readonly 'pass-on-unpruned-suppressions': boolean;
}

/** Checks the combinations ESLint refuses, with its wording. */
export function suppressionOptions(values: Values): SuppressionCliOptions {
  const severityFlag = values['report-unused-disable-directives-severity'];
  if (values['report-unused-disable-directives'] && severityFlag !== undefined) {
    throw new CliError('--report-unused-disable-directives and --report-unused-disable-directives-severity cannot be used together', { usageHint: true });
  }
  const suppressRules = values['suppress-rule'].flatMap((r) => r.split(',')).map((r) => r.trim()).filter((r) => r !== '');
  if (values['suppress-all'] && suppressRules.length > 0) throw new CliError('--suppress-all and --suppress-rule cannot be used together', { usageHint: true });
  if (values['prune-suppressions'] && (values['suppress-all'] || suppressRules.length > 0)) {
    throw new CliError(`--${values['suppress-all'] ? 'suppress-all' : 'suppress-rule'} and --prune-suppressions cannot be used together`, { usageHint: true });
  }
  return {
    inlineConfig: values['inline-config'],
    reportUnusedDisableDirectives: values['report-unused-disable-directives'] ? 'error' : parseSeverity(severityFlag),
    requireDirectiveReason: values['require-directive-reason'],
    suppressAll: values['suppress-all'],
    suppressRules,
    suppressionsLocation: values['suppressions-location'],
    pruneSuppressions: values['prune-suppressions'],
    passOnUnprunedSuppressions: values['pass-on-unpruned-suppressions'],
  };
}

function parseSeverity(raw: string | undefined): SuppressionCliOptions['reportUnusedDisableDirectives'] {
  switch (raw) {
    case undefined:
    case 'warn':
    case '1':
      return 'warn';
    case 'off':
    case '0':
      return 'off';
    case 'error':
    case '2':
      return 'error';
    default:
      throw new CliError(`--report-unused-disable-directives-severity expects off, warn or error (or 0, 1, 2), not "${raw}"`, { usageHint: true });
  }
}
