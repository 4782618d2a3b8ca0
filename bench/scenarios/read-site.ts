/**
 * The read-heavy commands against the emulator (its own process, 20 ms latency): `plan`,
 * `drift` and `export` of N organizations, each a fresh CLI process per run, and the
 * per-resource baseline reading the same organizations in the same run. The site differs
 * from the manifests in 1% of the detail values, so plan and drift have something to say.
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

/** The emulator's added latency per request. */
export const LATENCY_MS = 20;
/** The CLI's default `--concurrency`. */
const CONCURRENCY = 8;
/** The bench token: the emulator accepts any. */
const TOKEN = "bench-token";

/** requests × latency / concurrency. */
function networkBound(requests: number, concurrency: number): Bound {
  return {
    ms: (requests * LATENCY_MS) / concurrency,
    how: `${requests} requests × ${LATENCY_MS} ms / ${concurrency}`,
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
    bound: networkBound(requests, CONCURRENCY),
  };
}

/** plan, drift, export and the baseline at one size. */
export async function benchReadSite(
  emulator: EmulatorChild,
  workspace: Workspace,
  organizations: number,
  runs: number,
): Promise<Measurement[]> {
  await emulator.reset(organizations, organizations / 10);
  await emulator.configure({
    latency: { fixedMs: LATENCY_MS },
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
    wallMs: baselines.map((b) => b.wallMs),
    requests: baselines[0]!.requests,
    networkMs: [baselineLog.spanMs / runs],
    bound: networkBound(baselineRequests(organizations), BASELINE_PARALLELISM),
    note: "in the bench process: no start-up, no manifests; server span is the mean",
  };
  const baselineMs = median(baseline.wallMs);

  const plan = await measureCommand(emulator, "plan", organizations, runs, () =>
    runCli(["plan", workspace.manifests], { env }),
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
  );
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
  );
  return [
    baseline,
    { ...plan, baselineMs },
    { ...drift, baselineMs },
    {
      ...exported,
      baselineMs,
      note: `writes ${organizations.toLocaleString("en-US")} + 1 files`,
    },
  ];
}
