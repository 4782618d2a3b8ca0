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

  for (const plan of measurements.filter((m) => m.scenario === "plan")) {
    const n = plan.organizations!;
    targets.push(
      target(
        `plan requests, N=${n}`,
        plan.requests!,
        "requests",
        "at most",
        1 + Math.ceil(n / 25),
        "1 + ceil(N/25): the field list, then profiles 25 names a call",
      ),
    );
    if (n !== largest) continue;
    const wall = median(plan.wallMs);
    const span = median(plan.networkMs!);
    const bound = plan.bound!;
    const validate = find(measurements, "validate", n);
    const loading = validate
      ? `; \`validate\` of the same manifests (start-up, YAML, checks) takes ${ms(median(validate.wallMs))}, the yaml package's parse alone ${ms(Number(validate.extra?.yamlParseMs))}, and all of it must finish before the first request`
      : "";
    targets.push(
      target(
        `plan wall / bound, N=${n}`,
        wall / bound.ms,
        "×",
        "at most",
        1.5,
        `bound ${ms(bound.ms)} (${bound.how}); the reads take ${ms(span)} (${(span / bound.ms).toFixed(2)}× the bound)${loading}`,
      ),
      target(
        `plan faster than the baseline, N=${n}`,
        plan.baselineMs! / wall,
        "×",
        "at least",
        10,
        `baseline ${ms(plan.baselineMs!)} (${find(measurements, "baseline", n)?.requests ?? "?"} requests, 10 at a time); against our reads alone: ${(plan.baselineMs! / span).toFixed(1)}×`,
      ),
    );
    const others = measurements.filter(
      (m) => m.organizations === n && m.maxRssMb && m !== plan,
    );
    targets.push(
      target(
        `plan peak RSS, N=${n}`,
        Math.max(...plan.maxRssMb!),
        "MB",
        "at most",
        300,
        `whole CLI process; other commands: ${others.map((m) => `${m.scenario} ${Math.max(...m.maxRssMb!).toFixed(0)} MB`).join(", ")}`,
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
