/**
 * The issue's targets, checked on a run's measurements. Each check says what bounds the
 * figure, so a missed target explains itself.
 */
import { target, type Measurement, type TargetCheck } from "./results.js";
import { median } from "./stats.js";

const find = (
  measurements: readonly Measurement[],
  scenario: string,
  organizations?: number,
): Measurement | undefined =>
  measurements.find(
    (m) =>
      m.scenario.startsWith(scenario) &&
      (organizations === undefined || m.organizations === organizations),
  );

const ms = (value: number): string => `${value.toFixed(0)} ms`;

/** plan's wall clock against its network bound, with what else the command spends. */
function wallToBound(
  plan: Measurement,
  limit: number,
  measurements: readonly Measurement[],
): TargetCheck {
  const n = plan.organizations!;
  const wall = median(plan.wallMs);
  const span = median(plan.networkMs!);
  const bound = plan.bound!;
  const validate = find(measurements, "validate", n);
  const loading = validate
    ? `; \`validate\` of the same manifests (start-up, YAML, checks) takes ${ms(median(validate.wallMs))}, the yaml package's parse alone ${ms(Number(validate.extra?.yamlParseMs))}; the reads overlap it`
    : "";
  return target(
    `plan wall / bound, N=${n}, ${plan.latencyMs} ms`,
    wall / bound.ms,
    "×",
    "at most",
    limit,
    `bound ${ms(bound.ms)} (${bound.how}); wall ${ms(wall)}; the reads take ${ms(span)} (${(span / bound.ms).toFixed(2)}× the bound)${loading}`,
  );
}

/** How many times faster plan is than the one-by-one baseline at the same size and latency. */
function fasterThanBaseline(
  plan: Measurement,
  measurements: readonly Measurement[],
): TargetCheck {
  const n = plan.organizations!;
  const wall = median(plan.wallMs);
  const span = median(plan.networkMs!);
  const baseline = measurements.find(
    (m) =>
      m.scenario.startsWith("baseline") &&
      m.organizations === n &&
      m.latencyMs === plan.latencyMs,
  );
  return target(
    `plan faster than the baseline, N=${n}, ${plan.latencyMs} ms`,
    plan.baselineMs! / wall,
    "×",
    "at least",
    10,
    `baseline ${ms(plan.baselineMs!)} (${baseline?.requests ?? "?"} requests, 10 at a time); plan ${ms(wall)}; against our reads alone: ${(plan.baselineMs! / span).toFixed(1)}×`,
  );
}

/** Every target the measurements allow checking; `largest` is the biggest N run. */
export function checkTargets(
  measurements: readonly Measurement[],
  largest: number,
): TargetCheck[] {
  const targets: TargetCheck[] = [];
  const version = find(measurements, "start-up: --version");
  if (version)
    targets.push(
      target(
        "`orgsync --version` wall (median)",
        median(version.wallMs),
        "ms",
        "at most",
        250,
        `Node running an empty module: ${ms(version.bound!.ms)}`,
      ),
    );

  const plans = measurements.filter((m) => m.scenario === "plan");
  for (const plan of plans) {
    const n = plan.organizations!;
    targets.push(
      target(
        `plan requests, N=${n}, ${plan.latencyMs} ms`,
        plan.requests!,
        "requests",
        "at most",
        1 + Math.ceil(n / 25),
        "1 + ceil(N/25): the field list, then profiles 25 names a call",
      ),
    );
  }
  // The issue's acceptance (18): at the largest N and 20 ms, and at the smallest N at both
  // latencies (3,000 in a full run); a size or latency not run leaves its rows out.
  const smallest = Math.min(...plans.map((p) => p.organizations!));
  const at = (n: number, latencyMs: number) =>
    plans.find((p) => p.organizations === n && p.latencyMs === latencyMs);
  const largestPlan = at(largest, 20);
  if (largestPlan) {
    targets.push(
      wallToBound(largestPlan, 1.5, measurements),
      fasterThanBaseline(largestPlan, measurements),
    );
  }
  const smallPlan = at(smallest, 20);
  if (smallPlan && smallest !== largest)
    targets.push(fasterThanBaseline(smallPlan, measurements));
  const slowPlan = at(smallest, 150);
  if (slowPlan) targets.push(wallToBound(slowPlan, 1.15, measurements));
  if (largestPlan) {
    const others = measurements.filter(
      (m) =>
        m.organizations === largest &&
        m.latencyMs !== 150 &&
        m.maxRssMb &&
        m !== largestPlan,
    );
    targets.push(
      target(
        `plan peak RSS (median of the runs), N=${largest}`,
        median(largestPlan.maxRssMb!),
        "MB",
        "at most",
        250,
        `whole CLI process, its manifest-loading threads included; runs: ${largestPlan.maxRssMb!.map((mb) => mb.toFixed(0)).join(", ")} MB; other commands (median): ${others.map((m) => `${m.scenario} ${median(m.maxRssMb!).toFixed(0)} MB`).join(", ")}`,
      ),
    );
  }

  const planner = find(measurements, "planner", largest);
  if (planner)
    targets.push(
      target(
        `planner CPU, N=${largest}`,
        median(planner.cpuMs!),
        "ms",
        "at most",
        500,
        `structuredClone of the same input: ${ms(planner.baselineMs!)} CPU`,
      ),
    );

  for (const limited of measurements.filter((m) =>
    m.scenario.includes("req/s"),
  )) {
    const extra = limited.extra!;
    const n = limited.organizations!;
    targets.push(
      target(
        `apply under the rate limit: share of it sustained, N=${n}`,
        Number(extra.sustainedShareOfLimit),
        "%",
        "at least",
        90,
        `${extra.writes} writes in ${ms(Number(extra.writeSpanMs))}: ${extra.writesPerSecond} writes/s (${extra.shareOfLimit}% of the limit; the figure here leaves out one full burst); ${extra.answers429} answers 429`,
      ),
      target(
        `apply under the rate limit: failed changes, N=${n}`,
        Number(extra.failedChanges),
        "changes",
        "at most",
        0,
        `${extra.otherFailures} failed requests`,
      ),
    );
  }
  return targets;
}
