import { createInterface } from "node:readline";

import { OrgsyncError } from "../util/errors.js";
import type { CliIo } from "./io.js";

/** Apply was not confirmed: no terminal to ask and no `--auto-approve`, or an answer other than "yes". */
class NotConfirmedError extends OrgsyncError {
  constructor(message: string, hint: string) {
    super("E_NOT_CONFIRMED", message, { hint });
  }
}

/**
 * Asks on stderr for a typed "yes" before apply writes anything. `--auto-approve` skips the
 * question; without it, a stdin that is not a terminal is refused (a pipeline must say so
 * explicitly, never be taken as consent). Anything but "yes" cancels. Throws
 * `NotConfirmedError` when not confirmed.
 */
export async function confirmApply(
  io: CliIo,
  options: {
    readonly autoApprove: boolean;
    readonly question: string;
    /**
     * The plan, when it was not shown on stdout (`--quiet`, `--format json`): written to
     * stderr before the question, so no one is asked to approve what they have not seen.
     */
    readonly review?: () => string;
  },
): Promise<void> {
  if (options.autoApprove) return;
  const stdin = io.stdin;
  if (stdin?.isTTY !== true) {
    throw new NotConfirmedError(
      "stdin is not a terminal; pass --auto-approve to apply in a pipeline",
      "nothing was changed; review the plan (orgsync plan), then run apply with --auto-approve",
    );
  }
  if (options.review) io.stderr.write(options.review());
  io.stderr.write(`${options.question}\n  Only "yes" will be accepted: `);
  const answer = await readLine(stdin);
  if (answer?.trim() !== "yes") {
    throw new NotConfirmedError(
      `apply cancelled: the answer was ${answer === undefined ? "end of input" : JSON.stringify(answer.trim())}, not "yes"; nothing was changed`,
      'run apply again and type "yes" to apply the plan',
    );
  }
}

/** One line from the stream, or undefined at end of input. */
async function readLine(
  input: NodeJS.ReadableStream,
): Promise<string | undefined> {
  // Leaving the loop closes the interface: nothing more is read.
  for await (const line of createInterface({ input, terminal: false }))
    return line;
  return undefined;
}
