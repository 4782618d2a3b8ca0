import { isOrgsyncError } from "../util/errors.js";
import { escapeForTerminal } from "../util/escape.js";
import type { CliIo } from "./io.js";

/**
 * Messages quote names from manifests and from the site: each line is escaped, so that a
 * name cannot send terminal escapes or bidi overrides through an error (line breaks that
 * orgsync wrote itself stay).
 */
const safe = (text: string): string =>
  text.split("\n").map(escapeForTerminal).join("\n");

/**
 * Writes an error for a person. Errors orgsync raised on purpose are the user's to fix and
 * are shown as message and hint, never as a stack trace. Anything else is a bug in orgsync:
 * its stack is shown so it can be reported.
 */
export function reportError(error: unknown, io: CliIo): void {
  if (isOrgsyncError(error)) {
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
