/**
 * One case of the fault-injection convergence suite, run with the real library (loader,
 * client, live reader, planner, applier) against the real emulator over loopback HTTP:
 *
 * 1. seed the site; load the manifests;
 * 2. rounds: with faults on, plan and apply (every destructive change consented to); each
 *    round's report must account for every change exactly, and must be true: with faults
 *    off, a fresh plan no longer holds a change reported applied and still holds every
 *    change reported skipped;
 * 3. with faults off: the plan is empty, the site equals what the manifests say (customers
 *    and service desk links included: none lost, none twice), nothing was created twice, and
 *    nothing the manifests do not name was touched.
 *
 * Faults hit both APIs, the CSM API and the service desk API.
 *
 * It returns problems instead of asserting, so the vitest suite and `npm run soak` share it.
 */
import { createClient, type CsmClient } from "../../src/api/index.js";
import { createServiceDeskClient } from "../../src/api/create-servicedesk-client.js";
import type { ServiceDeskAccess } from "../../src/api/servicedesk-types.js";
import { applyPlan, type ApplyReport } from "../../src/apply/index.js";
import {
  FAULT_KINDS,
  startEmulator,
  type Dialect,
  type FaultConfig,
  type FaultKind,
  type RequestLogEntry,
  type RunningEmulator,
} from "../../src/emulator/index.js";
import { loadManifestSources } from "../../src/manifest/index.js";
import type { Desired } from "../../src/model/index.js";
import { isOrgsyncError } from "../../src/util/errors.js";
import type { Plan } from "../../src/plan/index.js";
import { planSite } from "../../src/workflow/index.js";
import { seededRandom } from "../emulator/helpers.js";
import { compareState } from "./expected-state.js";
import type { Scenario } from "./scenario.js";

const TOKEN = "fault-suite-token-0123456789";

/** The knobs of a run; small, so that a case takes about a second. */
export interface FaultKnobs {
  /** Share of API requests that fail. @default 0.2 */
  readonly faultRate: number;
  /** How long a `hang` holds the connection; above `responseMs`, so the client times out. */
  readonly hangMs: number;
  /** The client's answer timeout. */
  readonly responseMs: number;
  /** `Retry-After` of injected 503 and 429 answers, in seconds. */
  readonly retryAfterSeconds: number;
  /** Apply rounds before a case counts as not converging. */
  readonly maxRounds: number;
  /** Injected instead of `faultRate` of every kind (each round anew): a targeted case. */
  readonly faults?: FaultConfig;
}

export const DEFAULT_KNOBS: FaultKnobs = {
  faultRate: 0.2,
  hangMs: 300,
  responseMs: 200,
  retryAfterSeconds: 0,
  maxRounds: 8,
};

/** What one case did and found. */
export interface CaseOutcome {
  readonly rounds: number;
  readonly requests: number;
  readonly faults: Record<FaultKind, number>;
  readonly applied: number;
  readonly failed: number;
  readonly skipped: number;
  /** Changes whose call's outcome was unknown and that the applier settled by re-reading. */
  readonly recovered: number;
  /** Plans that could not read the site under faults (a clear error, then a new round). */
  readonly readFailures: number;
  /** Objects created twice, or creates sent for something that already existed. */
  readonly duplicates: number;
  /** Differences in what no manifest names. */
  readonly unmanagedChanges: number;
  /** Everything that is wrong; empty for a passing case. */
  readonly problems: readonly string[];
}

/** An emulator whose randomness each case re-seeds, so a failing case can be re-run. */
export interface FaultEmulator {
  readonly emu: RunningEmulator;
  reseed(seed: number): void;
}

export async function startFaultEmulator(
  knobs: FaultKnobs = DEFAULT_KNOBS,
  dialect: Dialect = "strict",
): Promise<FaultEmulator> {
  let random = seededRandom(1);
  const emu = await startEmulator({
    quiet: true,
    token: TOKEN,
    dialect,
    hangMs: knobs.hangMs,
    random: () => random(),
  });
  return { emu, reseed: (seed) => (random = seededRandom(seed)) };
}

/**
 * The clients as a pipeline would have them (CSM, and the service desk API with its own
 * gate), with timings shrunk to the emulator's knobs.
 */
function clientsFor(
  emu: RunningEmulator,
  knobs: FaultKnobs,
  scenario: Scenario,
): { client: CsmClient; serviceDesk: ServiceDeskAccess } {
  const options = (baseUrl: string) => ({
    baseUrl,
    auth: { kind: "bearer" as const, token: TOKEN },
    concurrency: scenario.concurrency,
    timeouts: { responseMs: knobs.responseMs },
    retry: {
      baseDelayMs: 5,
      maxDelayMs: 40,
      maxAttempts: scenario.maxAttempts,
    },
  });
  const sd = createServiceDeskClient(options(emu.serviceDeskBaseUrl));
  return {
    client: createClient(options(emu.baseUrl)),
    serviceDesk: { baseUrl: sd.baseUrl, client: () => sd },
  };
}

/** Failures that faults explain: retries used up on 5xx/429, the network, an unknown outcome. */
function transient(code: string, message: string): boolean {
  if (code === "E_NETWORK" || code === "E_UNKNOWN_OUTCOME") return true;
  const status = /answered (\d{3})/.exec(message)?.[1];
  return code === "E_API_STATUS" && (status === "429" || status?.[0] === "5");
}

/** The report accounts for every change of the plan, in order, each one way, with its why. */
function checkReport(plan: Plan, report: ApplyReport): string[] {
  const problems: string[] = [];
  if (report.results.length !== plan.changes.length)
    problems.push(
      `report has ${report.results.length} results for ${plan.changes.length} changes`,
    );
  const counts = { applied: 0, failed: 0, skipped: 0 };
  report.results.forEach((result, i) => {
    const change = plan.changes[i];
    if (result.address !== change?.address || result.action !== change.action)
      problems.push(`result ${i} is ${result.address}, not ${change?.address}`);
    counts[result.status] += 1;
    if (result.status === "failed") {
      if (!result.error?.code || !result.error.message)
        problems.push(`${result.address} failed without an error`);
      else if (!transient(result.error.code, result.error.message))
        problems.push(
          `${result.address} failed for a reason faults do not explain: ${result.error.code} ${result.error.message}`,
        );
    }
    if (result.status === "skipped" && !result.reason)
      problems.push(`${result.address} skipped without a reason`);
    if (result.status === "applied" && result.error)
      problems.push(`${result.address} applied with an error`);
  });
  if (JSON.stringify(counts) !== JSON.stringify(report.summary))
    problems.push(
      `summary ${JSON.stringify(report.summary)} ≠ ${JSON.stringify(counts)}`,
    );
  if (report.interrupted) problems.push("report says interrupted");
  return problems;
}

const createPath =
  /\/api\/v1\/organization\/(profile|details|[^/]+\/entitlement)$/;

/** Creates the emulator carried out (answered 200, or done and answered 500), by kind. */
function createsCarriedOut(
  log: readonly RequestLogEntry[],
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of log) {
    const kind =
      entry.method === "POST" ? createPath.exec(entry.path)?.[1] : undefined;
    if (!kind || !(entry.status === 200 || entry.fault === "done-500"))
      continue;
    const key = kind === "profile" || kind === "details" ? kind : "entitlement";
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function loadDesired(scenario: Scenario): Desired {
  const loaded = loadManifestSources(
    [{ file: "site.yaml", content: scenario.manifest }],
    { env: {} },
  );
  if (!loaded.ok)
    throw new Error(
      `the generator wrote invalid manifests:\n${loaded.issues.map((i) => `${i.line}:${i.column} ${i.message}`).join("\n")}\n${scenario.manifest}`,
    );
  return loaded.value;
}

export async function runFaultCase(
  target: FaultEmulator,
  scenario: Scenario,
  knobs: FaultKnobs = DEFAULT_KNOBS,
): Promise<CaseOutcome> {
  const { emu } = target;
  const desired = loadDesired(scenario);
  emu.control.configure({ faults: null });
  await emu.control.reset(scenario.seed);
  emu.control.clearRequests();
  target.reseed(scenario.randomSeed);
  const before = emu.control.state();
  const { client, serviceDesk } = clientsFor(emu, knobs, scenario);
  const faults = knobs.faults ?? {
    rate: knobs.faultRate,
    kinds: FAULT_KINDS,
    retryAfterSeconds: knobs.retryAfterSeconds,
  };
  const problems: string[] = [];
  const totals = { applied: 0, failed: 0, skipped: 0, recovered: 0 };
  let rounds = 0;
  let readFailures = 0;
  let converged = false;
  const plan = async () =>
    (
      await planSite(client, desired, {
        now: new Date(),
        concurrency: scenario.concurrency,
        serviceDeskLinks: serviceDesk,
      })
    ).plan;

  while (rounds < knobs.maxRounds) {
    emu.control.configure({ faults });
    let current: Plan;
    try {
      current = await plan();
    } catch (error) {
      if (isOrgsyncError(error) && transient(error.code, error.message)) {
        readFailures += 1;
        rounds += 1;
        continue;
      }
      throw error;
    }
    if (current.changes.length === 0) {
      converged = true;
      break;
    }
    rounds += 1;
    let report: ApplyReport;
    try {
      report = await applyPlan(current, client, {
        concurrency: scenario.concurrency,
        serviceDesk,
      });
    } catch (error) {
      // Apply's check of the service desk API, before any write, met a fault: a new round.
      if (isOrgsyncError(error) && transient(error.code, error.message)) {
        readFailures += 1;
        continue;
      }
      throw error;
    }
    problems.push(
      ...checkReport(current, report).map((p) => `round ${rounds}: ${p}`),
    );
    for (const result of report.results) {
      totals[result.status] += 1;
      if (result.recovered) totals.recovered += 1;
    }
    emu.control.configure({ faults: null });
    const next = new Set((await plan()).changes.map((c) => c.address));
    for (const result of report.results) {
      if (result.status === "applied" && next.has(result.address))
        problems.push(
          `round ${rounds}: ${result.address} reported applied, but is planned again`,
        );
      if (result.status === "skipped" && !next.has(result.address))
        problems.push(
          `round ${rounds}: ${result.address} reported skipped, but was made`,
        );
    }
  }

  emu.control.configure({ faults: null });
  const final = await plan();
  if (!converged || final.changes.length > 0)
    problems.push(
      `did not converge in ${knobs.maxRounds} rounds: ${final.changes.map((c) => c.address).join(", ")}`,
    );
  const after = emu.control.state();
  const state = compareState(desired, before, after);
  problems.push(...state.map((p) => `${p.kind}: ${p.message}`));

  const log = emu.control.requests();
  const carried = createsCarriedOut(log);
  const oldOrgs = new Set(before.organizations.map((o) => o.id));
  const oldFields = new Set(before.fields.map((f) => f.id));
  const oldEntitlements = new Set(
    before.organizations.flatMap((o) => Object.values(o.entitlementIds)),
  );
  const made = {
    profile: after.organizations.filter((o) => !oldOrgs.has(o.id)).length,
    details: after.fields.filter((f) => !oldFields.has(f.id)).length,
    entitlement: after.organizations
      .filter((o) => oldOrgs.has(o.id))
      .flatMap((o) => Object.values(o.entitlementIds))
      .filter((id) => !oldEntitlements.has(id)).length,
  };
  let duplicates = state.filter((p) => p.kind === "duplicate").length;
  for (const [kind, count] of Object.entries(made)) {
    const sent = carried.get(kind) ?? 0;
    if (sent !== count) {
      duplicates += Math.max(0, sent - count);
      problems.push(
        `${kind} creates carried out: ${sent}, objects made: ${count}`,
      );
    }
  }
  const refusedCreates = log.filter(
    (e) => e.method === "POST" && createPath.test(e.path) && e.status === 400,
  ).length;
  // Every account id of the scenarios is in the directory: a refused users or link call means
  // a wrong id or body was sent.
  const refusedMembers = log.filter(
    (e) => e.api === "servicedesk" && e.write && e.status === 400,
  ).length;
  if (refusedMembers > 0)
    problems.push(`${refusedMembers} service desk writes were refused (400)`);
  if (refusedCreates > 0) {
    duplicates += refusedCreates;
    problems.push(
      `${refusedCreates} create${refusedCreates === 1 ? " was" : "s were"} refused by the site (sent for something that existed)`,
    );
  }

  const faultCounts = Object.fromEntries(
    FAULT_KINDS.map((k) => [k, 0]),
  ) as Record<FaultKind, number>;
  for (const entry of log) if (entry.fault) faultCounts[entry.fault] += 1;
  return {
    rounds,
    requests: log.length,
    faults: faultCounts,
    ...totals,
    readFailures,
    duplicates,
    unmanagedChanges: state.filter((p) => p.kind === "unmanaged").length,
    problems,
  };
}
