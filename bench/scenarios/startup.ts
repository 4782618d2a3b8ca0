/**
 * CLI start-up: `orgsync --version` and `orgsync validate` of examples/orgsync, each run
 * `runs` times in a fresh process, against Node running an empty module (the floor),
 * and which packages each command loads (from Node's own module-loading debug log).
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import type { Measurement } from "../lib/results.js";
import { CLI, minimalEnv, ROOT, runCli } from "../lib/run-cli.js";
import { median, repeat } from "../lib/stats.js";

/** Start-up figures and the packages each command loaded. */
export interface StartupFigures {
  readonly measurements: Measurement[];
  /** npm packages loaded, by command. */
  readonly packages: Readonly<Record<string, readonly string[]>>;
}

let emptyModule: string | undefined;

/** Wall clock of Node running an empty ES module: the floor any Node CLI pays. */
export async function bareNodeMs(): Promise<number> {
  if (emptyModule === undefined) {
    const file = path.join(tmpdir(), `orgsync-bench-empty-${process.pid}.mjs`);
    await writeFile(file, "");
    process.once("exit", () => rmSync(file, { force: true }));
    emptyModule = file;
  }
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [emptyModule!], {
      env: minimalEnv(),
      stdio: "ignore",
    });
    child.once("error", reject);
    child.once("close", () => resolve());
  });
  return performance.now() - started;
}

/**
 * The npm packages a command loads. NODE_DEBUG=esm,module makes Node log every module it
 * loads, ESM and CommonJS alike; the package names are read from the paths.
 */
async function packagesLoaded(args: readonly string[]): Promise<string[]> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { ...minimalEnv(), NODE_DEBUG: "esm,module" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString("utf8")));
  await new Promise((resolve) => child.once("close", resolve));
  const packages = new Set<string>();
  for (const match of log.matchAll(/node_modules\/((?:@[\w.-]+\/)?[\w.-]+)\//g))
    packages.add(match[1]!);
  return [...packages].sort();
}

/** Measures start-up, `runs` times each. */
export async function benchStartup(runs: number): Promise<StartupFigures> {
  const bare = await repeat(runs, bareNodeMs);
  const bound = { ms: median(bare), how: "node running an empty module" };
  const version = await repeat(runs, () => runCli(["--version"]));
  const validate = await repeat(runs, () =>
    runCli(["validate", "examples/orgsync"]),
  );
  const measure = (
    scenario: string,
    list: readonly Awaited<ReturnType<typeof runCli>>[],
  ): Measurement => ({
    scenario,
    wallMs: list.map((r) => r.wallMs),
    cpuMs: list.map((r) => r.cpuMs),
    maxRssMb: list.map((r) => r.maxRssMb),
    bound,
  });
  return {
    measurements: [
      measure("start-up: --version", version),
      measure("start-up: validate examples", validate),
    ],
    packages: {
      "--version": await packagesLoaded(["--version"]),
      "validate examples/orgsync": await packagesLoaded([
        "validate",
        "examples/orgsync",
      ]),
    },
  };
}
