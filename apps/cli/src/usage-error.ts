/** Wrong command line: main prints the message and the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * A failure already worded for the operator (the API's `detail` and field issues, "cannot reach Chronos at
 * …"): main prints it as it is, exit code 1.
 */
export class CommandFailure extends Error {
  override readonly name = 'CommandFailure';
}
