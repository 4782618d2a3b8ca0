/**
 * Everything a command touches of the outside world, passed in so that tests run the real
 * CLI in-process with their own streams, environment and working directory.
 */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Typed answers to prompts ("yes"); undefined when there is no terminal to ask. */
  readonly stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Ctrl-C handling; absent in tests that do not exercise it. */
  readonly signals?: InterruptSignals;
}

/**
 * Ctrl-C, as a command sees it. By default the first Ctrl-C ends the process at once (exit
 * 130). A command that can stop gracefully calls `claim()`: then the first Ctrl-C only
 * signals `interrupt` (finish in-flight work, start nothing new, print the report) and the
 * second signals `abort` (stop now).
 */
export interface InterruptSignals {
  readonly interrupt: AbortSignal;
  readonly abort: AbortSignal;
  claim(): void;
}

/** The part of a writable stream the CLI uses. */
export interface OutputStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Exit codes, the contract scripts depend on (DESIGN.md). */
export const EXIT = {
  /** Success; for plan and drift, also "no changes". */
  ok: 0,
  /** Bad input, API failure, refusal. */
  error: 1,
  /** Changes present (`plan --detailed-exitcode`, always for `drift`). */
  changes: 2,
  /** Interrupted by Ctrl-C (128 + SIGINT), after printing what was done. */
  interrupted: 130,
} as const;

/** One of the exit codes above. */
type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * What a command hands back. `main` alone writes it out and returns its exit code; a command
 * writes to the streams itself only what must appear while it runs (progress, the plan shown
 * before the confirmation, warnings as they are found).
 */
export interface CommandResult {
  readonly exitCode: ExitCode;
  /** The command's answer, rendered in the format asked for: written to stdout. */
  readonly output?: string;
  /** For a person, written to stderr after the output (a summary, where a file was saved). */
  readonly notes?: string;
}

/** What a terminal is taken to be wide when it reports no width, or 0 (some pseudo-terminals). */
export const DEFAULT_COLUMNS = 80;

/**
 * The columns to fit text to on this stream: its width on a terminal, 80 when a terminal
 * reports 0 columns or none; undefined when it is not a terminal (a pipe or a file: no
 * wrapping).
 */
export function terminalWidth(stream: OutputStream): number | undefined {
  if (stream.isTTY !== true) return undefined;
  return stream.columns !== undefined && stream.columns > 0
    ? stream.columns
    : DEFAULT_COLUMNS;
}

/**
 * True when a progress bar (a line redrawn in place) may be drawn on this stream: a
 * terminal, NO_COLOR unset (DESIGN: it turns colours and bars off), and not a dumb terminal.
 */
export function barsEnabled(stream: OutputStream, env: CliIo["env"]): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return stream.isTTY === true && env.TERM !== "dumb";
}

/** True when colours may be written to this stream: a terminal, and NO_COLOR unset. */
export function colorEnabled(stream: OutputStream, env: CliIo["env"]): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true && env.TERM !== "dumb";
}

/**
 * The io of a run given `--no-color`: NO_COLOR set, which every renderer already reads (no
 * colours, no progress bars) and which wins over FORCE_COLOR.
 */
export function withoutColor(io: CliIo): CliIo {
  return { ...io, env: { ...io.env, NO_COLOR: "1" } };
}
