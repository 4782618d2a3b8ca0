import { OrgsyncError } from "../util/errors.js";
import { describeProblems, type ManifestIssue } from "./manifest-issue.js";

/**
 * The manifests are invalid: nothing was (or will be) sent to the site. Carries every issue
 * found; the CLI has already printed them, compiler-style, before this error's message.
 */
export class ManifestError extends OrgsyncError {
  /** The errors, in reading order. */
  readonly issues: readonly ManifestIssue[];

  constructor(
    issues: readonly ManifestIssue[],
    options: { message?: string; hint?: string; cause?: unknown } = {},
  ) {
    super("E_MANIFEST_INVALID", options.message ?? describeProblems(issues), {
      ...(options.hint === undefined ? {} : { hint: options.hint }),
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.issues = issues;
  }
}
