/**
 * Runs the real, built CLI (`node dist/cli/bin.js …`) as a child process and measures it
 * from outside (wall clock) and from inside (CPU time and peak RSS, written on exit by
 * report-rusage.js, which the child preloads).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The CLI as users run it, built by `npm run build`. */
export const CLI = path.join(ROOT, "dist/cli/bin.js");
const RUSAGE_HOOK = fileURLToPath(
  new URL("./report-rusage.js", import.meta.url),
);

/** One run of the CLI. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallMs: number;
  /** User + system CPU time of the whole process. */
  readonly cpuMs: number;
  readonly maxRssMb: number;
}

/** Options of `runCli`. */
export interface RunCliOptions {
  readonly cwd?: string;
  /** Added to `minimalEnv()`. */
  readonly env?: Readonly<Record<string, string>>;
  /** Node flags before the script, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
  /** Exit codes that count as success. @default [0] */
  readonly okCodes?: readonly number[];
}

let counter = 0;

/**
 * The environment of every measured process: nothing from ours leaks in (a token, or
 * `NODE_EXTRA_CA_CERTS`, which alone adds tens of milliseconds to every start-up).
 */
export function minimalEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    NO_COLOR: "1",
  };
}

/** Runs `node dist/cli/bin.js ...args`; throws when it exits with an unexpected code. */
export async function runCli(
  args: readonly string[],
  options: RunCliOptions = {},
): Promise<CliRun> {
  if (!existsSync(CLI))
    throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const usageFile = path.join(
    tmpdir(),
    `orgsync-bench-rusage-${process.pid}-${counter++}.json`,
  );
  const env = {
    ...minimalEnv(),
    ORGSYNC_BENCH_RUSAGE: usageFile,
    ...options.env,
  };
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), "--import", RUSAGE_HOOK, CLI, ...args],
    { cwd: options.cwd ?? ROOT, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
  let code: number;
  let wallMs: number;
  let usage: { userMs: number; systemMs: number; maxRssMb: number };
  try {
    code = await new Promise<number>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (status) => resolve(status ?? -1));
    });
    wallMs = performance.now() - started;
    usage = JSON.parse(await readFile(usageFile, "utf8")) as typeof usage;
  } finally {
    await rm(usageFile, { force: true });
  }
  const stdout = Buffer.concat(out).toString("utf8");
  const stderr = Buffer.concat(err).toString("utf8");
  if (!(options.okCodes ?? [0]).includes(code))
    throw new Error(
      `orgsync ${args.join(" ")} exited ${code}:\n${stderr.slice(-2000)}`,
    );
  return {
    code,
    stdout,
    stderr,
    wallMs,
    cpuMs: usage.userMs + usage.systemMs,
    maxRssMb: usage.maxRssMb,
  };
}
