/**
 * Ctrl-C on the real `orgsync` process during apply, against the emulator with latency so
 * that each run takes long enough to be interrupted midway (interrupt-files.ts covers plan
 * --out and export). Functions return problems instead of asserting, so the vitest suite and
 * `npm run soak` share them.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { createClient } from "../../src/api/index.js";
import {
  startEmulator,
  type EmulatorSeed,
  type RunningEmulator,
} from "../../src/emulator/index.js";
import { loadManifests } from "../../src/manifest/index.js";
import { planSite } from "../../src/workflow/index.js";
import { runBinary, type Spawned } from "./binary.js";
import { duplicatesIn } from "./expected-state.js";

const TOKEN = "interrupt-suite-token-0123456789";
const pad = (n: number): string => String(n).padStart(2, "0");
export const EXISTING = Array.from(
  { length: 24 },
  (_, i) => `Org ${pad(i + 1)}`,
);
const CREATED = Array.from({ length: 16 }, (_, i) => `New ${pad(i + 1)}`);
export const GONE = ["Gone 1", "Gone 2", "Gone 3"];

const SEED: EmulatorSeed = {
  fields: [
    { name: "Region", type: "SELECT", options: ["AU", "EU"] },
    { name: "Level", type: "SELECT", options: ["Gold", "Silver"] },
  ],
  organizations: [...EXISTING, ...GONE].map((name) => ({
    name,
    details: { Region: "AU", Level: "Silver" },
  })),
};

const MANIFEST = `apiVersion: orgsync/v1
kind: DetailFields
fields:
  - { name: Region, type: SELECT, options: [AU, EU, US] }
  - { name: Tier, type: SELECT, options: [Gold, Silver], previousNames: [Level] }
---
apiVersion: orgsync/v1
kind: Organizations
organizations:
${EXISTING.map((n) => `  - { name: ${n}, details: { Region: EU, Tier: Gold } }`).join("\n")}
${CREATED.map((n) => `  - { name: ${n}, details: { Region: US } }`).join("\n")}
${GONE.map((n) => `  - { name: ${n}, ensure: absent }`).join("\n")}
`;

/** An emulator seeded for the interrupt runs, and a working directory with the manifests. */
export interface InterruptRig {
  readonly emu: RunningEmulator;
  readonly dir: string;
  readonly env: Record<string, string>;
  /** How many changes a plan of the fresh site holds. */
  readonly total: number;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startInterruptRig(latencyMs = 80): Promise<InterruptRig> {
  const emu = await startEmulator({
    quiet: true,
    token: TOKEN,
    seed: SEED,
    latency: { fixedMs: latencyMs },
  });
  const dir = await mkdtemp(join(tmpdir(), "orgsync-interrupt-"));
  await writeFile(join(dir, "site.yaml"), MANIFEST);
  const loaded = await loadManifests([join(dir, "site.yaml")], {
    cwd: dir,
    env: {},
  });
  if (!loaded.ok) throw new Error("the interrupt manifests are invalid");
  const client = createClient({
    baseUrl: emu.baseUrl,
    auth: { kind: "bearer", token: TOKEN },
  });
  const { plan } = await planSite(client, loaded.value, { now: new Date() });
  return {
    emu,
    dir,
    env: { ORGSYNC_BASE_URL: emu.baseUrl, ORGSYNC_TOKEN: TOKEN },
    total: plan.changes.length,
    async reset() {
      await emu.control.reset();
      emu.control.clearRequests();
    },
    async close() {
      await emu.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** What one interrupted apply did. */
export interface InterruptOutcome {
  readonly problems: readonly string[];
  readonly applied: number;
  readonly failed: number;
  readonly skipped: number;
  /** True when the run was interrupted (exit 130) and a re-run then converged. */
  readonly survived: boolean;
}

function reportCounts(run: Spawned, format: "text" | "json") {
  if (format === "json") {
    const report = JSON.parse(run.stdout) as {
      results: { status: string; error?: { code: string } }[];
      summary: { applied: number; failed: number; skipped: number };
      interrupted: boolean;
    };
    return {
      ...report.summary,
      listed: report.results.length,
      interrupted: report.interrupted,
      aborted: report.results.filter((r) => r.error?.code === "E_ABORTED")
        .length,
    };
  }
  const match =
    /Apply interrupted: (\d+) applied, (\d+) failed, (\d+) skipped\./.exec(
      run.stdout,
    );
  if (!match) return undefined;
  const [applied, failed, skipped] = match.slice(1).map(Number) as [
    number,
    number,
    number,
  ];
  return {
    applied,
    failed,
    skipped,
    listed: applied + failed + skipped,
    interrupted: true,
    aborted: (run.stdout.match(/\[E_ABORTED\]/g) ?? []).length,
  };
}

/**
 * Applies, sends SIGINT once the first change is done (and, with `signals: 2`, again
 * `secondAfterMs` later), then checks exit 130, the report, the site, and that a re-run
 * finishes the job without repeating or duplicating anything.
 */
export async function interruptApply(
  rig: InterruptRig,
  options: { signals: 1 | 2; format: "text" | "json"; secondAfterMs?: number },
): Promise<InterruptOutcome> {
  await rig.reset();
  const problems: string[] = [];
  let sent = false;
  const run = await runBinary(
    [
      "apply",
      "site.yaml",
      "--auto-approve",
      "--allow-delete",
      "--concurrency",
      "4",
      "--format",
      options.format,
    ],
    {
      cwd: rig.dir,
      env: rig.env,
      onStderr: (text, child) => {
        if (sent || !text.includes("✓ ")) return;
        sent = true;
        child.kill("SIGINT");
        if (options.signals === 2)
          setTimeout(() => child.kill("SIGINT"), options.secondAfterMs ?? 20);
      },
    },
  );
  const none = {
    problems: [],
    applied: 0,
    failed: 0,
    skipped: 0,
    survived: false,
  };
  if (run.code !== 130)
    return {
      ...none,
      problems: [`exit ${run.code}, expected 130\n${run.stderr}`],
    };
  if (!/^interrupt: .*Ctrl-C again/m.test(run.stderr))
    problems.push(`stderr does not say the run is stopping:\n${run.stderr}`);
  let counts: ReturnType<typeof reportCounts>;
  try {
    counts = reportCounts(run, options.format);
  } catch (error) {
    return {
      ...none,
      problems: [`the report is not JSON: ${String(error)}\n${run.stdout}`],
    };
  }
  if (!counts)
    return { ...none, problems: [`no report on stdout:\n${run.stdout}`] };
  const { applied, failed, skipped } = counts;
  if (!counts.interrupted) problems.push("the report does not say interrupted");
  if (counts.listed !== rig.total)
    problems.push(
      `the report accounts for ${counts.listed} of ${rig.total} changes`,
    );
  if (skipped === 0)
    problems.push("nothing was left to skip: interrupted too late");
  if (counts.aborted !== failed)
    problems.push(`${failed} failed but ${counts.aborted} are E_ABORTED`);
  const writes = rig.emu.control.requests().filter((r) => r.write);
  if (options.signals === 1) {
    if (failed > 0) problems.push(`${failed} failed after one Ctrl-C`);
    // Calls in flight finish: every write was answered, one per applied change, none more.
    const cut = writes.filter((w) => w.status !== 200);
    if (cut.length > 0)
      problems.push(`${cut.length} writes were not answered 200`);
    if (writes.length !== applied)
      problems.push(`${writes.length} writes for ${applied} applied changes`);
  }

  const again = await runBinary(
    ["apply", "site.yaml", "--auto-approve", "--allow-delete"],
    {
      cwd: rig.dir,
      env: rig.env,
    },
  );
  const done = /Apply complete: (\d+) applied, 0 failed, 0 skipped\./.exec(
    again.stdout,
  );
  if (again.code !== 0 || !done)
    problems.push(
      `the re-run did not finish (exit ${again.code})\n${again.stderr}`,
    );
  const reapplied = Number(done?.[1] ?? -1);
  // What the first run applied is not repeated; aborted calls may or may not have landed.
  if (reapplied < skipped || reapplied > skipped + failed)
    problems.push(
      `the re-run applied ${reapplied}; ${skipped} were skipped and ${failed} failed`,
    );
  const check = await runBinary(["plan", "site.yaml", "--detailed-exitcode"], {
    cwd: rig.dir,
    env: rig.env,
  });
  if (check.code !== 0)
    problems.push(`a plan after the re-run exits ${check.code}`);
  problems.push(...duplicatesIn(rig.emu.control.state()).map((d) => d.message));
  return {
    problems,
    applied,
    failed,
    skipped,
    survived: problems.length === 0,
  };
}
