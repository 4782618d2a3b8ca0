/**
 * `orgsync apply` as a user runs it: the built binary (`node dist/cli/bin.js`) in a child
 * process with piped stdio, against the real emulator (and `plan` of a set large enough for
 * the built manifest-loading thread). Run `npm run build` first (`npm test`
 * does); the suite builds once itself when dist/ is missing or older than the sources.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

import { afterEach, beforeAll, describe, expect, it } from "vitest";

import { startCliRig, type CliRig } from "./helpers/cli-rig.js";
import { FILES, SEED } from "../apply/scenario.js";

const ROOT = join(import.meta.dirname, "../..");
const BIN = join(ROOT, "dist/cli/bin.js");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(
      newest,
      entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs,
    );
  }
  return newest;
}

beforeAll(() => {
  // tsc builds incrementally and leaves unchanged outputs alone; its build info is the clock.
  const info = join(ROOT, "dist/.tsbuildinfo");
  const fresh =
    existsSync(BIN) &&
    existsSync(info) &&
    statSync(info).mtimeMs >= newestSource(join(ROOT, "src"));
  if (!fresh) {
    try {
      execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], {
        cwd: ROOT,
        stdio: "ignore",
      });
    } catch {
      // tsc still emits when another stage's half-finished code has type errors.
    }
  }
}, 120_000);

let rig: CliRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

interface Spawned {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runBinary(
  r: CliRig,
  argv: string[],
  onStderr?: (text: string, kill: (signal: NodeJS.Signals) => void) => void,
): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      cwd: r.dir,
      env: { PATH: process.env.PATH ?? "", ...r.env() },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout
      .setEncoding("utf8")
      .on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      onStderr?.(stderr, (signal) => child.kill(signal));
    });
    child.on("error", reject);
    child.on("close", (code, signal) =>
      resolve({ code, signal, stdout, stderr }),
    );
  });
}

describe("the orgsync binary", () => {
  it("refuses to apply from a pipeline without --auto-approve (exit 1, nothing written)", async () => {
    rig = await startCliRig(SEED, FILES);
    const run = await runBinary(rig, ["apply"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "error: stdin is not a terminal; pass --auto-approve to apply in a pipeline",
    );
    expect(run.stdout).toContain("Planned changes");
    expect(rig.writes()).toHaveLength(0);
  });

  it("applies with --auto-approve (exit 0) and then finds nothing to do", async () => {
    rig = await startCliRig(SEED, FILES);
    const run = await runBinary(rig, ["apply", "--auto-approve"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /Apply complete: \d+ applied, 0 failed, 0 skipped\./,
    );
    const again = await runBinary(rig, ["apply", "--auto-approve"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("No changes");
  });

  it("loads a large manifest set on its built worker thread while it reads the site (issue 18)", async () => {
    // A long comment makes each file large enough for a loading thread, and costs no parse.
    const pad = `# ${"x".repeat(300 * 1024)}\n`;
    const organizations = (from: number, extra = "") =>
      `${pad}apiVersion: orgsync/v1\nkind: Organizations\norganizations:\n${Array.from(
        { length: 30 },
        (_, i) => `  - name: Big ${from + i}\n`,
      ).join("")}${extra}`;
    rig = await startCliRig({}, { "m/a.yaml": organizations(0) });
    await rig.write({ "m/b.yaml": organizations(30) });
    const planned = await runBinary(rig, ["plan", "m", "--format", "json"]);
    expect(planned.stderr).toBe("");
    expect(planned.code).toBe(0);
    const plan = JSON.parse(planned.stdout) as {
      summary: Record<string, number>;
    };
    expect(plan.summary.create).toBe(60);
    expect(rig.requests()).toHaveLength(1 + Math.ceil(60 / 25));

    rig.emu.control.clearRequests();
    await rig.write({ "m/b.yaml": organizations(30, "  - nmae: Typo\n") });
    const refused = await runBinary(rig, ["plan", "m"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'm/b.yaml:35:5: error: unknown key "nmae"',
    );
    expect(rig.writes()).toEqual([]);
  });

  it("on SIGINT finishes what is in flight, prints the report and exits 130", async () => {
    rig = await startCliRig(SEED, FILES, { latency: { fixedMs: 40 } });
    let sent = false;
    const run = await runBinary(
      rig,
      ["apply", "--auto-approve", "--concurrency", "1"],
      (text, kill) => {
        if (!sent && text.includes("✓ ")) {
          sent = true;
          kill("SIGINT");
        }
      },
    );
    expect(run.code).toBe(130);
    expect(run.stderr).toContain("interrupt: stopping gracefully");
    expect(run.stdout).toMatch(
      /Apply interrupted: \d+ applied, 0 failed, \d+ skipped\./,
    );
    const applied = Number(
      /Apply interrupted: (\d+) applied/.exec(run.stdout)![1],
    );
    expect(rig.writes()).toHaveLength(applied);
  });
});
