/**
 * The one base class of every error orgsync raises on purpose. `code` is stable and
 * documented (scripts may match on it); `message` is for people and says what went wrong,
 * where, what was expected and what to do next.
 */
export class OrgsyncError extends Error {
  /** A stable machine-readable code such as `E_MANIFEST_INVALID`. */
  readonly code: string;
  /** A suggested next step, shown under the message. */
  readonly hint: string | undefined;

  constructor(
    code: string,
    message: string,
    options: { cause?: unknown; hint?: string } = {},
  ) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
  }
}

/** The user asked for something that cannot be done as asked (bad flag, missing file). */
export class UsageError extends OrgsyncError {
  constructor(
    message: string,
    options: { cause?: unknown; hint?: string } = {},
  ) {
    super("E_USAGE", message, options);
  }
}

/** True for errors that are the user's to fix: the CLI shows them without a stack trace. */
export function isOrgsyncError(error: unknown): error is OrgsyncError {
  return error instanceof OrgsyncError;
}
