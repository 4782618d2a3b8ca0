import { formatIssues } from "../manifest/format-issues.js";
import { sortIssues, type ManifestIssue } from "../manifest/manifest-issue.js";
import { isOrgsyncError } from "../util/errors.js";
import { escapeForTerminal } from "../util/escape.js";
import { colorEnabled, type CliIo } from "./io.js";

/**
 * Messages quote names from manifests and from the site: each line is escaped, so that a
 * name cannot send terminal escapes or bidi overrides through an error (line breaks that
 * orgsync wrote itself stay).
 */
const safe = (text: string): string =>
  text.split("\n").map(escapeForTerminal).join("\n");

/** Errors that carry located problems in a file a person wrote (manifests, the ignore file). */
const LOCATED = new Set(["E_MANIFEST_INVALID", "E_IGNORE_INVALID"]);

/**
 * Writes an error for a person. Errors orgsync raised on purpose are the user's to fix and
 * are shown as message and hint, never as a stack trace; the located problems such an error
 * carries (manifests, the ignore file) come first, compiler-style. Anything else is a bug in
 * orgsync: its stack is shown so it can be reported.
 */
export function reportError(error: unknown, io: CliIo): void {
  if (isOrgsyncError(error)) {
    if (LOCATED.has(error.code) && "issues" in error) {
      writeIssues(error.issues as readonly ManifestIssue[], io);
    }
    io.stderr.write(`error: ${safe(error.message)}\n`);
    if (error.hint) io.stderr.write(`hint: ${safe(error.hint)}\n`);
    return;
  }
  const detail =
    error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(
    `internal error (a bug in orgsync; please report it with the lines below):\n${safe(detail)}\n`,
  );
}

/** Writes located issues to stderr, compiler-style, in file and line order. */
export function writeIssues(issues: readonly ManifestIssue[], io: CliIo): void {
  io.stderr.write(
    formatIssues(sortIssues(issues), {
      color: colorEnabled(io.stderr, io.env),
    }),
  );
}
