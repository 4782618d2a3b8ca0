/**
 * The one "emulator + CLI" rig: the real CLI (`main(argv, io)`, in-process) against the real
 * emulator on a random loopback port, in a temporary working directory holding the files a
 * test writes. For every in-process end-to-end test of a command (test/cli, test/ci).
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

import type { InterruptSignals } from "../../../src/cli/io.js";
import {
  startEmulator,
  type EmulatorOptions,
  type EmulatorSeed,
  type RequestLogEntry,
  type RunningEmulator,
} from "../../../src/emulator/index.js";
import { runCli, type CliRun, type RunCliOptions } from "./run-cli.js";

export type { CliRun };

export const TOKEN = "e2e-token-0123456789abcdef";

/** Options of one run: a terminal, signals, output callback, more environment, another cwd. */
interface RunOptions extends Omit<RunCliOptions, "env" | "cwd"> {
  readonly env?: Record<string, string>;
  readonly cwd?: string;
}

export interface CliRig {
  readonly emu: RunningEmulator;
  /** The directory holding the manifests (the CLI's working directory). */
  readonly dir: string;
  run(argv: readonly string[], options?: RunOptions): Promise<CliRun>;
  /** The env the CLI gets: the emulator's base URL and token. */
  env(): Record<string, string>;
  /** Writes files (path → text) under the working directory, creating folders. */
  write(files: Record<string, string>): Promise<void>;
  /** Every request the emulator saw. */
  requests(): RequestLogEntry[];
  /** The requests that wrote. */
  writes(): RequestLogEntry[];
  close(): Promise<void>;
}

/** Starts an emulator from `seed` and writes `files` (path → text) to a fresh directory. */
export async function startCliRig(
  seed: EmulatorSeed = {},
  files: Record<string, string> = {},
  emulator: Partial<EmulatorOptions> = {},
): Promise<CliRig> {
  const emu = await startEmulator({
    quiet: true,
    seed,
    token: TOKEN,
    ...emulator,
  });
  const dir = await mkdtemp(join(tmpdir(), "orgsync-cli-"));
  const write = async (more: Record<string, string>): Promise<void> => {
    for (const [path, text] of Object.entries(more)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
  };
  await write(files);
  const env = (): Record<string, string> => ({
    ORGSYNC_BASE_URL: emu.baseUrl,
    ORGSYNC_TOKEN: TOKEN,
  });
  return {
    emu,
    dir,
    env,
    write,
    run: (argv, options = {}) =>
      runCli(argv, {
        ...options,
        env: { ...env(), ...options.env },
        cwd: options.cwd ?? dir,
      }),
    requests: () => emu.control.requests(),
    writes: () => emu.control.requests().filter((r) => r.write),
    async close() {
      await emu.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The requests besides the one read that needs nothing from the manifests (the detail field
 * list, read while they load): empty when bad manifests made no write and started no read
 * after the problem was found (profiles are fetched only as names become known, 25 a call).
 */
export function beyondFieldList(
  requests: readonly RequestLogEntry[],
): RequestLogEntry[] {
  return requests.filter(
    (r) => !(r.method === "GET" && r.path.endsWith("/organization/details")),
  );
}

/** Interrupt signals a test can fire, as bin.ts wires Ctrl-C. */
export function testSignals(): InterruptSignals & {
  claimed: () => boolean;
  ctrlC: () => void;
} {
  const interrupt = new AbortController();
  const abort = new AbortController();
  let claimed = false;
  return {
    interrupt: interrupt.signal,
    abort: abort.signal,
    claim: () => {
      claimed = true;
    },
    claimed: () => claimed,
    ctrlC: () => {
      if (!interrupt.signal.aborted) interrupt.abort();
      else abort.abort();
    },
  };
}

/** The UTC date `days` days from now, YYYY-MM-DD. */
export function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A running `orgsync emulator` command: where it listens, and how to stop it. */
export interface EmulatorCommand {
  readonly baseUrl: string;
  /** Ctrl-C, then the command's result. */
  readonly stop: () => Promise<CliRun>;
}

/**
 * Runs `orgsync emulator ARGV` in-process (on a free port: `--port 0` is appended) until its
 * `ORGSYNC_BASE_URL=` line; the finished run when it exits before listening.
 */
export async function startEmulatorCommand(
  argv: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<EmulatorCommand | CliRun> {
  const signals = testSignals();
  let ready: (url: string) => void = () => undefined;
  const url = new Promise<string>((resolve) => (ready = resolve));
  const run = runCli([...argv, "--port", "0"], {
    env: options.env ?? {},
    cwd: options.cwd,
    signals,
    onOutput: (stream, text) => {
      const found = /^ORGSYNC_BASE_URL=(\S+)$/m.exec(text);
      if (stream === "stdout" && found) ready(found[1]!);
    },
  });
  const first = await Promise.race([url, run]);
  if (typeof first !== "string") return first;
  return {
    baseUrl: first,
    stop: () => {
      signals.ctrlC();
      return run;
    },
  };
}
