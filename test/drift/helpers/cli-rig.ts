import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

import {
  startEmulator,
  type EmulatorOptions,
  type RequestLogEntry,
  type RunningEmulator,
} from "../../../src/emulator/index.js";
import { runCli, type CliRun } from "../../cli/helpers/run-cli.js";

export type { CliRun };

/** A running emulator, a temporary working directory, and the CLI pointed at both. */
export interface CliRig {
  readonly emu: RunningEmulator;
  readonly cwd: string;
  readonly env: Record<string, string>;
  /**
   * Runs `orgsync ARGV` in-process with the rig's working directory and environment (more
   * variables, or another working directory, when given).
   */
  run(
    argv: readonly string[],
    env?: Record<string, string>,
    cwd?: string,
  ): Promise<CliRun>;
  /** Writes files under the working directory, creating folders. */
  write(files: Record<string, string>): Promise<void>;
  requests(): RequestLogEntry[];
  close(): Promise<void>;
}

/** Starts an emulator on a random loopback port and a temporary directory to run the CLI in. */
export async function startCliRig(
  options: EmulatorOptions = {},
): Promise<CliRig> {
  const emu = await startEmulator({ quiet: true, ...options });
  const cwd = await mkdtemp(join(tmpdir(), "orgsync-cli-"));
  const env: Record<string, string> = {
    ORGSYNC_BASE_URL: emu.baseUrl,
    ORGSYNC_TOKEN: "test-token-not-secret",
  };
  return {
    emu,
    cwd,
    env,
    run: (argv, extra = {}, where = cwd) =>
      runCli(argv, { env: { ...env, ...extra }, cwd: where }),
    async write(files) {
      for (const [path, text] of Object.entries(files)) {
        await mkdir(dirname(join(cwd, path)), { recursive: true });
        await writeFile(join(cwd, path), text);
      }
    },
    requests: () => emu.control.requests(),
    async close() {
      await emu.close();
      await rm(cwd, { recursive: true, force: true });
    },
  };
}

/** The UTC date `days` days from now, YYYY-MM-DD. */
export function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
