/**
 * Runs the real CLI (`main(argv, io)`) in-process with captured output: the one way the
 * in-process CLI tests call orgsync, whatever rig set up the site and the files.
 */
import { PassThrough } from "node:stream";

import type { CliIo, InterruptSignals } from "../../../src/cli/io.js";
import { main } from "../../../src/cli/main.js";

/** What one CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** How to run it. */
export interface RunCliOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Text typed on a terminal stdin ("yes\n"); undefined: no stdin at all. */
  readonly tty?: string;
  readonly signals?: InterruptSignals;
  /**
   * stdout and stderr are a terminal this many columns wide (0: one that reports no width, as
   * some pseudo-terminals do); undefined: pipes.
   */
  readonly columns?: number;
  /** Called after every write to stdout or stderr, with all of that stream so far. */
  readonly onOutput?: (stream: "stdout" | "stderr", text: string) => void;
}

export async function runCli(
  argv: readonly string[],
  options: RunCliOptions,
): Promise<CliRun> {
  const text = { stdout: "", stderr: "" };
  const capture = (stream: "stdout" | "stderr") => ({
    isTTY: options.columns !== undefined,
    ...(options.columns === undefined ? {} : { columns: options.columns }),
    write: (chunk: string) => {
      text[stream] += chunk;
      options.onOutput?.(stream, text[stream]);
      return true;
    },
  });
  const stdin =
    options.tty === undefined
      ? undefined
      : Object.assign(new PassThrough(), { isTTY: true });
  if (stdin && options.tty !== undefined) stdin.end(options.tty);
  const io: CliIo = {
    stdout: capture("stdout"),
    stderr: capture("stderr"),
    env: options.env,
    cwd: options.cwd,
    ...(stdin ? { stdin } : {}),
    ...(options.signals ? { signals: options.signals } : {}),
  };
  const code = await main(argv, io);
  return { code, ...text };
}
