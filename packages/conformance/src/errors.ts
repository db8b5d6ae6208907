/** A mistake in how the tool was invoked or in its input files; main exits 2 with this message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
