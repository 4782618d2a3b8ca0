/**
 * Apply throughput under a rate limit: `npx tsx bench/apply.ts [--changes N] [--rps R]
 * [--latency MS] [--concurrency C]`.
 *
 * An emulator with a token-bucket rate limit (default 50 req/s) and 20 ms latency holds N
 * organizations (default 2,000) whose "Tier" is Gold; the manifests want Silver, so the plan
 * is N detail updates. The plan is made through the real pipeline (live reader + planner),
 * then applied with the real client at the given concurrency (default 8). Reported: writes
 * per second over the apply phase against the limit (target ≥ 90%), failed changes (target
 * 0), 429 answers seen, and a second plan's size (0 when converged).
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";

import { createClient } from "../src/api/index.js";
import { applyPlan } from "../src/apply/index.js";
import { startEmulator } from "../src/emulator/index.js";
import { readLive } from "../src/live/index.js";
import type { Desired, DesiredOrganization } from "../src/model/index.js";
import { plan as makePlan } from "../src/plan/index.js";

const { values } = parseArgs({
  options: {
    changes: { type: "string", default: "2000" },
    rps: { type: "string", default: "50" },
    latency: { type: "string", default: "20" },
    concurrency: { type: "string", default: "8" },
  },
});
const changes = Number(values.changes);
const rps = Number(values.rps);
const latencyMs = Number(values.latency);
const concurrency = Number(values.concurrency);

const at = { file: "bench", line: 1, column: 1 };
const names = Array.from(
  { length: changes },
  (_, i) => `Bench Org ${String(i).padStart(5, "0")}`,
);
const token = "bench-token-0123456789";

const emulator = await startEmulator({
  quiet: true,
  token,
  seed: {
    fields: [
      { name: "Tier", type: "SELECT", options: ["Gold", "Silver", "Bronze"] },
    ],
    organizations: names.map((name) => ({ name, details: { Tier: "Gold" } })),
  },
  latency: { fixedMs: latencyMs },
  rateLimit: { rps },
});

try {
  const client = createClient({
    baseUrl: emulator.baseUrl,
    auth: { kind: "bearer", token },
    concurrency,
  });
  const desired: Desired = {
    fields: { declared: false, prune: false, items: [] },
    organizations: names.map((name): DesiredOrganization => ({
      name,
      previousNames: [],
      ensure: "present",
      pruneProducts: false,
      source: at,
      details: [{ name: "Tier", values: ["Silver"], source: at }],
    })),
  };
  const planNow = async () =>
    makePlan(desired, await readLive(client, desired, { concurrency }), {
      now: new Date().toISOString(),
      orgsyncVersion: "bench",
      target: { baseUrl: client.baseUrl },
    });

  const readStarted = performance.now();
  const plan = await planNow();
  const readMs = performance.now() - readStarted;
  // Let the bucket refill, so the apply phase starts as a fresh run would after planning.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  emulator.control.clearRequests();

  const started = performance.now();
  const report = await applyPlan(plan, client, { concurrency });
  const elapsedS = (performance.now() - started) / 1000;
  const requests = emulator.control.requests();
  const writes = requests.filter(
    (r) => r.write && r.status >= 200 && r.status < 300,
  ).length;
  const tooMany = requests.filter((r) => r.status === 429).length;
  const rate = writes / elapsedS;
  const again = await planNow();

  const lines = [
    `apply benchmark: ${plan.changes.length} changes, rate limit ${rps} req/s (burst ${rps}), latency ${latencyMs} ms, concurrency ${concurrency}`,
    `  plan (read ${1 + Math.ceil(changes / 25)} requests): ${(readMs / 1000).toFixed(2)} s`,
    `  apply: ${elapsedS.toFixed(2)} s, ${writes} writes → ${rate.toFixed(1)} writes/s = ${((100 * rate) / rps).toFixed(1)}% of the limit (target ≥ 90%)`,
    `  steady state, without the bucket's initial burst of ${rps}: ${((writes - rps) / elapsedS).toFixed(1)} writes/s`,
    `  requests sent during apply: ${requests.length}, of which 429: ${tooMany}`,
    `  results: ${report.summary.applied} applied, ${report.summary.failed} failed, ${report.summary.skipped} skipped (target 0 failed)`,
    `  second plan: ${again.changes.length} changes (0 = converged)`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  const ok =
    report.summary.failed === 0 &&
    rate >= 0.9 * rps &&
    again.changes.length === 0;
  process.exitCode = ok ? 0 : 1;
} finally {
  await emulator.close();
}
