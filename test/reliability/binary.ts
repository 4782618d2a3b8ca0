/**
 * The built CLI (`node dist/cli/bin.js`) as a user runs it, in a child process with piped
 * stdio, so that signals, exit codes and process exit behave as they do for real. `npm test`
 * builds first; `ensureBuilt` builds once more when dist/ is older than src/.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "../..");
const BIN = join(ROOT, "dist/cli/bin.js");

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(
      latest,
      entry.isDirectory() ? newest(path) : statSync(path).mtimeMs,
    );
  }
  return latest;
}

/** Builds dist/ when it is missing or older than any source file. */
export function ensureBuilt(): void {
  const info = join(ROOT, "dist/.tsbuildinfo");
  if (
    existsSync(BIN) &&
    existsSync(info) &&
    statSync(info).mtimeMs >= newest(join(ROOT, "src"))
  )
    return;
  try {
    execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], {
      cwd: ROOT,
      stdio: "ignore",
    });
  } catch {
    // tsc still emits when another stage's half-finished code has type errors.
  }
}

/** How a child process ended and what it printed. */
export interface Spawned {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunBinaryOptions {
  readonly cwd: string;
  /** The whole environment of the child (plus PATH). */
  readonly env: Record<string, string>;
  /** Called with all of stderr so far after each chunk. */
  readonly onStderr?: (text: string, child: ChildProcess) => void;
  /** Called once the child is started. */
  readonly onSpawn?: (child: ChildProcess) => void;
}

export function runBinary(
  argv: readonly string[],
  options: RunBinaryOptions,
): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? "", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      options.onStderr?.(stderr, child);
    });
    child.on("error", reject);
    child.on("close", (code, signal) =>
      resolve({ code, signal, stdout, stderr }),
    );
    options.onSpawn?.(child);
  });
}
