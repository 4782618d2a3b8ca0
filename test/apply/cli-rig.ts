/**
 * Runs the real CLI (`main(argv, io)`, in-process) against the real emulator on a random
 * loopback port, with manifests written to a temporary directory. For the end-to-end tests of
 * `orgsync apply` and `orgsync demo` (test/cli).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";

import type { CliIo, InterruptSignals } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import {
  startEmulator,
  type EmulatorOptions,
  type EmulatorSeed,
  type RequestLogEntry,
  type RunningEmulator,
} from "../../src/emulator/index.js";

export const TOKEN = "e2e-token-0123456789abcdef";

/** What one CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of one run. */
export interface RunOptions {
  /** Text typed on a terminal stdin ("yes\n"); undefined: no stdin at all. */
  readonly tty?: string;
  readonly signals?: InterruptSignals;
  /** Called after every write to stdout or stderr, with all of that stream so far. */
  readonly onOutput?: (stream: "stdout" | "stderr", text: string) => void;
  /** Extra environment. */
  readonly env?: Record<string, string>;
}

export interface CliRig {
  readonly emu: RunningEmulator;
  /** The directory holding the manifests (the CLI's working directory). */
  readonly dir: string;
  run(argv: string[], options?: RunOptions): Promise<CliRun>;
  /** The env the CLI gets: the emulator's base URL and token. */
  env(): Record<string, string>;
  writes(): RequestLogEntry[];
  close(): Promise<void>;
}

/** Starts an emulator from `seed` and writes `files` (name → YAML text) to a fresh directory. */
export async function startCliRig(
  seed: EmulatorSeed,
  files: Record<string, string>,
  emulator: Partial<EmulatorOptions> = {},
): Promise<CliRig> {
  const emu = await startEmulator({
    quiet: true,
    seed,
    token: TOKEN,
    ...emulator,
  });
  const dir = await mkdtemp(join(tmpdir(), "orgsync-apply-"));
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(dir, name), text);
  }
  const env = (): Record<string, string> => ({
    ORGSYNC_BASE_URL: emu.baseUrl,
    ORGSYNC_TOKEN: TOKEN,
  });
  return {
    emu,
    dir,
    env,
    async run(argv, options = {}) {
      let stdout = "";
      let stderr = "";
      const stdin =
        options.tty === undefined
          ? undefined
          : Object.assign(new PassThrough(), { isTTY: true });
      if (stdin && options.tty !== undefined) stdin.end(options.tty);
      const io: CliIo = {
        stdout: {
          write: (chunk: string) => {
            stdout += chunk;
            options.onOutput?.("stdout", stdout);
            return true;
          },
        },
        stderr: {
          write: (chunk: string) => {
            stderr += chunk;
            options.onOutput?.("stderr", stderr);
            return true;
          },
        },
        env: { ...env(), ...options.env },
        cwd: dir,
        ...(stdin ? { stdin } : {}),
        ...(options.signals ? { signals: options.signals } : {}),
      };
      const code = await main(argv, io);
      return { code, stdout, stderr };
    },
    writes: () => emu.control.requests().filter((r) => r.write),
    async close() {
      await emu.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
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
