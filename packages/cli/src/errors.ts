/**
 * A problem the user must fix (bad usage, configuration, unreadable input).
 * main() prints its message after "pcilint: " and exits 2, without a stack trace.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  /** Print the "Run pcilint --help" hint after the message. */
  readonly usageHint: boolean;

  constructor(message: string, options: { usageHint?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.usageHint = options.usageHint ?? false;
  }
}

/** The message of anything thrown, without assuming it is an Error. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
