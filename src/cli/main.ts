import { CommanderError } from "@commander-js/extra-typings";

import { isOrgsyncError } from "../util/errors.js";
import { terminalSafeJson } from "../util/escape.js";
import { EXIT, withoutColor, type CliIo, type CommandResult } from "./io.js";
import { buildProgram } from "./program.js";
import { reportError } from "./report-error.js";

/**
 * The whole CLI as a function: argv (without `node` and the script) in, exit code out. The
 * one place that writes a command's result and its errors, and chooses the exit code; only
 * `bin.ts` turns the code into a process exit.
 */
export async function main(
  argv: readonly string[],
  io: CliIo,
): Promise<number> {
  let result: CommandResult = { exitCode: EXIT.ok };
  const program = buildProgram(
    io,
    (done) => {
      result = done;
    },
    main,
  );
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every usage mistake is exit 1 (commander already said why).
      return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    // `--no-color` holds for the error too (commander parsed the options before the action).
    reportError(
      error,
      (program.opts() as { color?: boolean }).color === false
        ? withoutColor(io)
        : io,
    );
    // stdout stays the machine contract: valid JSON even when the command failed.
    if (asksForJson(argv)) io.stdout.write(errorJson(error));
    return EXIT.error;
  }
  if (result.output !== undefined) io.stdout.write(result.output);
  if (result.notes !== undefined) io.stderr.write(result.notes);
  return result.exitCode;
}

/**
 * `--format json` was asked for. Read from argv, not from the parsed options: a bad flag
 * value stops commander before it reaches a `--format` given after it.
 */
function asksForJson(argv: readonly string[]): boolean {
  return argv.some(
    (arg, i) =>
      arg === "--format=json" || (arg === "--format" && argv[i + 1] === "json"),
  );
}

/** `{"error": {code, message, hint?}}`, what `--format json` prints when the command failed. */
function errorJson(error: unknown): string {
  const known = isOrgsyncError(error);
  return `${terminalSafeJson(
    {
      error: {
        code: known ? error.code : "E_INTERNAL",
        message: error instanceof Error ? error.message : String(error),
        ...(known && error.hint !== undefined ? { hint: error.hint } : {}),
      },
    },
    2,
  )}\n`;
}
