/**
 * Issue 9.2: Ctrl-C on the real process. Apply (which claims Ctrl-C) finishes the calls in
 * flight, prints its report and exits 130; a second Ctrl-C aborts them; either way a re-run
 * converges without repeating or duplicating anything. Commands that do not claim Ctrl-C
 * (plan, export) exit 130 at once and leave no partial or temporary file behind.
 * (test/cli/apply-binary.test.ts covers the basic single Ctrl-C at concurrency 1.)
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ensureBuilt, ROOT } from "./binary.js";
import { interruptExport, interruptPlanOut } from "./interrupt-files.js";
import {
  interruptApply,
  startInterruptRig,
  type InterruptRig,
} from "./run-interrupt.js";

const FIXTURE = join(import.meta.dirname, "fixtures/exit-while-writing.ts");

let rig: InterruptRig;
/** Runs stopped by Ctrl-C whose checks all passed (the closing note's figure). */
let survived = 0;
beforeAll(async () => {
  ensureBuilt();
  rig = await startInterruptRig();
}, 120_000);
afterAll(async () => {
  console.info(`interrupts survived: ${survived}`);
  await rig.close();
});

describe("Ctrl-C during apply", () => {
  it("once: calls in flight finish, the report lists every change, exit 130, a re-run applies exactly the rest", async () => {
    const outcome = await interruptApply(rig, { signals: 1, format: "text" });
    expect(outcome.problems).toEqual([]);
    expect(outcome.applied).toBeGreaterThan(0);
    expect(outcome.skipped).toBeGreaterThan(0);
    expect(outcome.survived).toBe(true);
    survived += 1;
  });

  it("once with --format json: stdout is the whole report as valid JSON", async () => {
    const outcome = await interruptApply(rig, { signals: 1, format: "json" });
    expect(outcome.problems).toEqual([]);
    survived += 1;
  });

  it("twice: calls in flight are aborted and reported E_ABORTED; a re-run converges without duplicates", async () => {
    const outcome = await interruptApply(rig, {
      signals: 2,
      format: "text",
      secondAfterMs: 10,
    });
    expect(outcome.problems).toEqual([]);
    // Calls were in flight at the second Ctrl-C (80 ms latency, 4 at a time): the abort ran.
    expect(outcome.failed).toBeGreaterThan(0);
    expect(outcome.survived).toBe(true);
    survived += 1;
  });
});

describe("Ctrl-C during commands that write files", () => {
  it("plan --out leaves the plan file absent or whole, never partial, and no temporary file", async () => {
    let interrupted = 0;
    for (const delayMs of [100, 200, 300, 500]) {
      const outcome = await interruptPlanOut(rig, delayMs);
      expect(outcome.problems, `at ${delayMs} ms`).toEqual([]);
      if (outcome.interrupted) interrupted += 1;
    }
    expect(interrupted).toBeGreaterThan(0);
    survived += interrupted;
  });

  it("export stopped midway leaves only whole manifests and no temporary file", async () => {
    let interrupted = 0;
    for (const delayMs of [150, 300, 450]) {
      const outcome = await interruptExport(rig, delayMs);
      expect(outcome.problems, `at ${delayMs} ms`).toEqual([]);
      if (outcome.interrupted) interrupted += 1;
    }
    expect(interrupted).toBeGreaterThan(0);
    survived += interrupted;
  });

  it("a process that exits in the middle of writing files leaves no temporary or partial file", async () => {
    // The child rewrites files in a loop until a timer calls process.exit(130), as Ctrl-C
    // does; with an asynchronous write the exit often stranded a temporary file.
    for (let run = 0; run < 5; run += 1) {
      const dir = await mkdtemp(join(tmpdir(), "orgsync-atomic-"));
      try {
        const child = spawnSync(
          process.execPath,
          ["--import", "tsx", FIXTURE, dir],
          { cwd: ROOT, encoding: "utf8", timeout: 20_000 },
        );
        expect(child.status, child.stderr).toBe(130);
        const names = readdirSync(dir);
        expect(names.filter((n) => n.endsWith(".tmp"))).toEqual([]);
        expect(names.length).toBeGreaterThan(0);
        for (const name of names)
          expect(readFileSync(join(dir, name), "utf8")).toHaveLength(
            256 * 1024,
          );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  });

  it("a finished write leaves the whole file and nothing else", async () => {
    const dir = await mkdtemp(join(tmpdir(), "orgsync-atomic-"));
    try {
      const child = spawnSync(
        process.execPath,
        ["--import", "tsx", FIXTURE, dir, "finish"],
        { cwd: ROOT, encoding: "utf8" },
      );
      expect(child.status, child.stderr).toBe(0);
      expect(readdirSync(dir)).toEqual(["plan.json"]);
      expect(readFileSync(join(dir, "plan.json"), "utf8")).toHaveLength(
        16 * 1024 * 1024,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
