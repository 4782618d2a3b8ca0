/**
 * `orgsync apply --auto-approve` of N organizations (the real CLI): once with 1% of the
 * detail values changed (latency only), once with 2,000 changes under a 50 req/s token
 * bucket. The site is re-seeded before every run. The report (`--format json`) must say
 * every change was applied, and a plan afterwards (`--detailed-exitcode`) must find nothing.
 */
import { summarizeTraffic, type EmulatorChild } from "../lib/emulator-child.js";
import type { Measurement } from "../lib/results.js";
import { runCli } from "../lib/run-cli.js";
import type { Workspace } from "../lib/site.js";
import { cliEnv, LATENCY_MS, measureCommand } from "./read-site.js";

/** The rate limit of the rate-limited scenario (burst: the same). */
const RATE_LIMIT_RPS = 50;
/** Changes in the rate-limited scenario. */
const RATE_LIMITED_CHANGES = 2_000;

interface ApplyReportSummary {
  readonly summary: { applied: number; failed: number; skipped: number };
}

async function applyOnce(
  workspace: Workspace,
  emulator: EmulatorChild,
  changes: number,
) {
  const run = await runCli(
    ["apply", workspace.manifests, "--auto-approve", "--format", "json"],
    { env: cliEnv(emulator) },
  );
  const { summary } = JSON.parse(run.stdout) as ApplyReportSummary;
  if (summary.applied !== changes || summary.failed + summary.skipped > 0)
    throw new Error(`apply: ${JSON.stringify(summary)}, ${changes} expected`);
  return { run, summary };
}

/** Throws unless a new plan of the site finds nothing to do (the apply converged). */
async function checkConverged(
  workspace: Workspace,
  emulator: EmulatorChild,
): Promise<void> {
  await runCli(["plan", workspace.manifests, "--detailed-exitcode"], {
    env: cliEnv(emulator),
  });
  await emulator.takeRequests();
}

/** Apply of 1% of the values, `runs` times (re-seeded before each run). */
export async function benchApplyPercent(
  emulator: EmulatorChild,
  workspace: Workspace,
  organizations: number,
  runs: number,
): Promise<Measurement> {
  const changes = organizations / 10;
  await emulator.configure({
    latency: { fixedMs: LATENCY_MS },
    rateLimit: null,
  });
  let writes = 0;
  const measured = await measureCommand(
    emulator,
    "apply 1%",
    organizations,
    runs,
    async () => {
      await emulator.reset(organizations, changes);
      const { run } = await applyOnce(workspace, emulator, changes);
      writes = changes;
      return run;
    },
  );
  await checkConverged(workspace, emulator);
  return {
    ...measured,
    note: `${writes.toLocaleString("en-US")} detail updates (1% of ${(organizations * 10).toLocaleString("en-US")} values); bound counts reads then writes; a plan afterwards finds nothing to do`,
  };
}

/** Apply of 2,000 changes under the rate limit, once (it takes 40 s or more). */
export async function benchApplyRateLimited(
  emulator: EmulatorChild,
  workspace: Workspace,
  organizations: number,
): Promise<Measurement> {
  const changes = RATE_LIMITED_CHANGES;
  await emulator.reset(organizations, changes);
  await emulator.configure({
    latency: { fixedMs: LATENCY_MS },
    rateLimit: { rps: RATE_LIMIT_RPS },
  });
  // The bucket starts full after the reset, as it would for a pipeline's first call.
  await emulator.takeRequests();
  const { run, summary } = await applyOnce(workspace, emulator, changes);
  const traffic = summarizeTraffic(await emulator.takeRequests());
  await emulator.configure({ rateLimit: null });
  await checkConverged(workspace, emulator);
  // Successful requests beyond the initial burst, over the command's span: the floor.
  const admitted = traffic.requests - traffic.tooMany;
  const boundMs =
    (Math.max(0, admitted - RATE_LIMIT_RPS) / RATE_LIMIT_RPS) * 1000;
  const writesPerSecond = traffic.writes / (traffic.writeSpanMs / 1000);
  // The bucket may hold a burst when the writes start; not counting it is conservative.
  const sustained =
    (Math.max(0, traffic.writes - RATE_LIMIT_RPS) / traffic.writeSpanMs) * 1000;
  return {
    scenario: `apply ${changes.toLocaleString("en-US")} at ${RATE_LIMIT_RPS} req/s`,
    organizations,
    wallMs: [run.wallMs],
    cpuMs: [run.cpuMs],
    maxRssMb: [run.maxRssMb],
    networkMs: [traffic.spanMs],
    requests: traffic.requests,
    bound: {
      ms: boundMs,
      how: `(${admitted} requests − burst ${RATE_LIMIT_RPS}) / ${RATE_LIMIT_RPS} req/s`,
    },
    extra: {
      writes: traffic.writes,
      writeSpanMs: Math.round(traffic.writeSpanMs),
      writesPerSecond: Math.round(writesPerSecond * 10) / 10,
      shareOfLimit: Math.round((writesPerSecond / RATE_LIMIT_RPS) * 1000) / 10,
      sustainedShareOfLimit:
        Math.round((sustained / RATE_LIMIT_RPS) * 1000) / 10,
      answers429: traffic.tooMany,
      otherFailures: traffic.failed,
      failedChanges: summary.failed,
    },
    note: "writes/s = successful writes over the write phase's span; a plan afterwards finds nothing to do",
  };
}
