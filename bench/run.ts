/**
 * The benchmark harness (`npm run bench`; not part of `npm test`). For N = 3,000 and
 * 10,000 organizations × 10 details, against the emulator in its own process, it measures
 * the real CLI (a fresh `node dist/cli/bin.js` per run): validate; plan and drift at 20 ms
 * latency and, at N = 3,000, at 150 ms too, each beside a one-by-one baseline at the
 * same latency; export at the largest N; apply of 1% of the values; apply of 2,000 changes
 * under a 50 req/s rate limit; the planner in-process; CLI start-up. Each figure is set
 * beside its physical bound and a same-run baseline, and the issue's targets are checked.
 *
 *     npm run bench                      # everything, about 10 minutes
 *     npm run bench -- --quick           # N = 1,000 only, about 2 minutes
 *     npm run bench -- --sizes 10000 --only read,validate --runs 5 --profile
 *
 * `--only` takes scenario names: startup, validate, read (plan, drift, export and the
 * baseline; `plan` means the same), apply, rate-limit, planner. `--profile` adds CPU
 * profiles of `validate` and `plan` at the largest N (bench/out/profiles/). Prints Markdown
 * tables, writes them to bench/out/results.md (ready for bench/RESULTS.md) and every figure
 * to bench/out/results.json; exits 1 when a target is missed.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { benchPlan } from "./plan.js";
import { EmulatorChild } from "./lib/emulator-child.js";
import {
  measurementNotes,
  measurementTable,
  targetTable,
  type Measurement,
} from "./lib/results.js";
import { ROOT } from "./lib/run-cli.js";
import { writeWorkspace } from "./lib/site.js";
import { median } from "./lib/stats.js";
import { checkTargets } from "./lib/targets.js";
import { benchApplyPercent, benchApplyRateLimited } from "./scenarios/apply.js";
import { formatProfile, profileCommands } from "./scenarios/profile.js";
import { benchReadSite } from "./scenarios/read-site.js";

/** The second latency plan and drift are measured at, a real site's, at this N only. */
const SLOW_LATENCY_MS = 150;
const SLOW_LATENCY_N = 3_000;
import { benchStartup } from "./scenarios/startup.js";
import { benchValidate } from "./scenarios/validate.js";

const SCENARIOS = [
  "startup",
  "validate",
  "read",
  "apply",
  "rate-limit",
  "planner",
] as const;

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    sizes: { type: "string" },
    runs: { type: "string", default: "3" },
    only: { type: "string" },
    profile: { type: "boolean", default: false },
  },
});
const sizes = values.quick
  ? [1_000]
  : (values.sizes ?? "3000,10000").split(",").map(Number);
const runs = Number(values.runs);
const only = new Set(values.only?.split(",") ?? SCENARIOS);
const wanted = (scenario: (typeof SCENARIOS)[number]): boolean =>
  only.has(scenario) || (scenario === "read" && only.has("plan"));
const outDir = path.join(ROOT, "bench/out");
const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

const startedAt = new Date();
const began = performance.now();
const loadBefore = loadavg();
const measurements: Measurement[] = [];
const profiles: Record<string, string> = {};
const packages: Record<string, readonly string[]> = {};
const largest = Math.max(...sizes);
const tmp = await mkdtemp(path.join(tmpdir(), "orgsync-bench-"));
const needsEmulator = ["read", "apply", "rate-limit"].some((s) =>
  wanted(s as (typeof SCENARIOS)[number]),
);
const emulator =
  needsEmulator || values.profile ? await EmulatorChild.start() : undefined;

const add = (list: readonly Measurement[]): void => {
  for (const m of list) {
    measurements.push(m);
    log(
      `  ${m.scenario}${m.organizations ? ` N=${m.organizations}` : ""}${m.latencyMs === undefined ? "" : ` ${m.latencyMs} ms`}: median ${median(m.wallMs).toFixed(0)} ms over ${m.wallMs.length} run(s)`,
    );
  }
};

try {
  if (wanted("startup")) {
    log("start-up");
    const startup = await benchStartup(Math.max(10, runs));
    add(startup.measurements);
    Object.assign(packages, startup.packages);
  }
  for (const n of sizes) {
    log(`N = ${n.toLocaleString("en-US")}`);
    const workspace = await writeWorkspace(path.join(tmp, `n${n}`), n);
    if (wanted("validate")) add([await benchValidate(workspace, n, runs)]);
    if (emulator && wanted("read")) {
      add(await benchReadSite(emulator, workspace, n, runs, 20, n === largest));
      if (n === SLOW_LATENCY_N)
        add(
          await benchReadSite(
            emulator,
            workspace,
            n,
            runs,
            SLOW_LATENCY_MS,
            false,
          ),
        );
    }
    if (emulator && wanted("apply"))
      add([await benchApplyPercent(emulator, workspace, n, runs)]);
    if (emulator && wanted("rate-limit"))
      add([await benchApplyRateLimited(emulator, workspace, n)]);
    if (wanted("planner")) {
      const planner = benchPlan(n, Math.max(runs, 3));
      add([
        {
          scenario: "planner plan() in-process",
          organizations: n,
          wallMs: planner.map((r) => r.planWallMs),
          cpuMs: planner.map((r) => r.planCpuMs),
          maxRssMb: planner.map((r) => r.peakRssMb),
          baselineMs: median(planner.map((r) => r.baselineCpuMs)),
          note: `${planner[0]!.changes} changes; CPU figures; baseline: structuredClone of the input; a fresh process per run`,
        },
      ]);
    }
    await rm(workspace.dir, { recursive: true, force: true });
  }
  if (values.profile && emulator) {
    log(`profiles, N = ${largest}`);
    const workspace = await writeWorkspace(path.join(tmp, "profile"), largest);
    const summaries = await profileCommands(
      emulator,
      workspace,
      largest,
      outDir,
    );
    for (const [command, summary] of Object.entries(summaries))
      profiles[command] = formatProfile(`${command} N=${largest}`, summary);
  }
} finally {
  await emulator?.stop();
  await rm(tmp, { recursive: true, force: true });
}

const targets = checkTargets(measurements, largest);
const totalS = (performance.now() - began) / 1000;
const machine = {
  date: startedAt.toISOString(),
  cpus: availableParallelism(),
  cpuModel: cpus()[0]?.model ?? "unknown",
  node: process.version,
  platform: `${process.platform}/${process.arch}`,
  loadAverageBefore: loadBefore.map((l) => Math.round(l * 100) / 100),
  loadAverageAfter: loadavg().map((l) => Math.round(l * 100) / 100),
  totalSeconds: Math.round(totalS),
};
const report = [
  `orgsync benchmarks, ${machine.date}: ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}, load ${machine.loadAverageBefore.join(" ")} → ${machine.loadAverageAfter.join(" ")}, ${totalS.toFixed(0)} s`,
  "",
  measurementTable(measurements),
  "",
  measurementNotes(measurements),
  "",
  targetTable(targets),
  ...Object.entries(packages).map(
    ([command, list]) =>
      `\npackages loaded by \`orgsync ${command}\`: ${list.join(", ") || "none"}`,
  ),
  ...Object.values(profiles).map((text) => `\n${text}`),
].join("\n");
process.stdout.write(`${report}\n`);
await mkdir(outDir, { recursive: true });
await writeFile(path.join(outDir, "results.md"), `${report}\n`);
await writeFile(
  path.join(outDir, "results.json"),
  `${JSON.stringify({ machine, measurements, targets, packages, profiles }, null, 2)}\n`,
);
log(`wrote bench/out/results.json (${totalS.toFixed(0)} s in all)`);
process.exitCode = targets.every((t) => t.met) ? 0 : 1;
