/**
 * The read-heavy commands against the emulator (its own process, 20 ms latency, or another
 * one): `plan`, `drift` and `export` of N organizations, each a fresh CLI process per run,
 * and the per-resource baseline reading the same organizations in the same run and at the
 * same latency. The site differs from the manifests in 1% of the detail values, so plan and
 * drift have something to say.
 */
import { rm } from "node:fs/promises";
import path from "node:path";

import {
  BASELINE_PARALLELISM,
  baselineRead,
  baselineRequests,
} from "../lib/baseline-read.js";
import { summarizeTraffic, type EmulatorChild } from "../lib/emulator-child.js";
import type { Bound, Measurement } from "../lib/results.js";
import { runCli, type CliRun } from "../lib/run-cli.js";
import type { Workspace } from "../lib/site.js";
import { median, repeat } from "../lib/stats.js";

/** The emulator's added latency per request (unless a scenario says otherwise). */
export const LATENCY_MS = 20;
/** The CLI's default `--concurrency`. */
const CONCURRENCY = 8;
/** The bench token: the emulator accepts any. */
const TOKEN = "bench-token";

/** requests × latency / concurrency. */
function networkBound(
  requests: number,
  concurrency: number,
  latencyMs = LATENCY_MS,
): Bound {
  return {
    ms: (requests * latencyMs) / concurrency,
    how: `${requests} requests × ${latencyMs} ms / ${concurrency}`,
  };
}

/** The environment that points the CLI at the emulator. */
export function cliEnv(emulator: EmulatorChild): Record<string, string> {
  return { ORGSYNC_BASE_URL: emulator.baseUrl, ORGSYNC_TOKEN: TOKEN };
}

/** Runs one CLI command `runs` times and collects its figures and its traffic. */
export async function measureCommand(
  emulator: EmulatorChild,
  scenario: string,
  organizations: number,
  runs: number,
  once: (run: number) => Promise<CliRun>,
  latencyMs = LATENCY_MS,
): Promise<Measurement & { requests: number }> {
  await emulator.takeRequests();
  const wallMs: number[] = [];
  const cpuMs: number[] = [];
  const maxRssMb: number[] = [];
  const networkMs: number[] = [];
  const counts = new Set<number>();
  for (let run = 0; run < runs; run++) {
    const result = await once(run);
    const traffic = summarizeTraffic(await emulator.takeRequests());
    wallMs.push(result.wallMs);
    cpuMs.push(result.cpuMs);
    maxRssMb.push(result.maxRssMb);
    networkMs.push(traffic.spanMs);
    counts.add(traffic.requests);
  }
  if (counts.size !== 1)
    throw new Error(
      `${scenario}: request counts varied: ${[...counts].join(", ")}`,
    );
  const requests = [...counts][0]!;
  return {
    scenario,
    organizations,
    wallMs,
    cpuMs,
    maxRssMb,
    networkMs,
    requests,
    latencyMs,
    bound: networkBound(requests, CONCURRENCY, latencyMs),
  };
}

/**
 * plan, drift and the baseline at one size and latency; export too when `withExport`. The
 * CLI's peak RSS (getrusage of the whole process) includes its manifest-loading threads.
 */
export async function benchReadSite(
  emulator: EmulatorChild,
  workspace: Workspace,
  organizations: number,
  runs: number,
  latencyMs = LATENCY_MS,
  withExport = true,
): Promise<Measurement[]> {
  await emulator.reset(organizations, organizations / 10);
  await emulator.configure({
    latency: { fixedMs: latencyMs },
    rateLimit: null,
  });
  const env = cliEnv(emulator);

  const baselines = await repeat(runs, async () => {
    const read = await baselineRead(emulator.baseUrl, workspace.names, TOKEN);
    if (read.organizations !== organizations)
      throw new Error(`the baseline read ${read.organizations} organizations`);
    return read;
  });
  const baselineLog = summarizeTraffic(await emulator.takeRequests());
  const baseline: Measurement = {
    scenario: "baseline: GET each organization",
    organizations,
    latencyMs,
    wallMs: baselines.map((b) => b.wallMs),
    requests: baselines[0]!.requests,
    networkMs: [baselineLog.spanMs / runs],
    bound: networkBound(
      baselineRequests(organizations),
      BASELINE_PARALLELISM,
      latencyMs,
    ),
    note: "in the bench process: no start-up, no manifests; server span is the mean",
  };
  const baselineMs = median(baseline.wallMs);

  const plan = await measureCommand(
    emulator,
    "plan",
    organizations,
    runs,
    () => runCli(["plan", workspace.manifests], { env }),
    latencyMs,
  );
  const drift = await measureCommand(
    emulator,
    "drift",
    organizations,
    runs,
    () =>
      runCli(["drift", workspace.manifests], {
        env,
        okCodes: [2], // 2: drift found, as seeded
      }),
    latencyMs,
  );
  const measured: Measurement[] = [
    baseline,
    { ...plan, baselineMs },
    { ...drift, baselineMs },
  ];
  if (!withExport) return measured;
  const exported = await measureCommand(
    emulator,
    "export",
    organizations,
    runs,
    async (run) => {
      const out = path.join(workspace.dir, `export-${run}`);
      const result = await runCli(
        ["export", "--from-file", workspace.namesFile, "--out", out],
        { env },
      );
      await rm(out, { recursive: true, force: true });
      return result;
    },
    latencyMs,
  );
  return [
    ...measured,
    {
      ...exported,
      baselineMs,
      note: `writes ${organizations.toLocaleString("en-US")} + 1 files`,
    },
  ];
}
