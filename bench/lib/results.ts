/**
 * The figures a benchmark run produces (written to bench/out/results.json) and their
 * rendering as tables.
 */
import { median } from "./stats.js";

/** The least wall clock any implementation could take, and how it was computed. */
export interface Bound {
  readonly ms: number;
  readonly how: string;
}

/** One scenario at one size: every run's figures, and what they are compared with. */
export interface Measurement {
  readonly scenario: string;
  /** Organizations in the manifests (absent for size-independent scenarios). */
  readonly organizations?: number;
  /** The emulator's added latency per request, for scenarios that talk to it. */
  readonly latencyMs?: number;
  /** Wall clock of each run (the whole CLI process, unless `note` says otherwise). */
  readonly wallMs: readonly number[];
  readonly cpuMs?: readonly number[];
  readonly maxRssMb?: readonly number[];
  /** API requests of one run (the same in every run; checked). */
  readonly requests?: number;
  /** First request's arrival to last answer, as the emulator saw it, per run. */
  readonly networkMs?: readonly number[];
  /** The physical bound of the wall clock, and how it was computed. */
  readonly bound?: Bound;
  /** The same-run baseline's median wall clock, where there is one. */
  readonly baselineMs?: number;
  readonly note?: string;
  /** Scenario-specific figures (writes per second, 429 answers…). */
  readonly extra?: Readonly<Record<string, number | string>>;
}

/** A target of the issue, and whether this run met it. */
export interface TargetCheck {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly limit: number;
  readonly direction: "at most" | "at least";
  readonly met: boolean;
  /** What bounds the figure (said for every target; essential for a missed one). */
  readonly note?: string;
}

/** Checks one target. */
export function target(
  name: string,
  value: number,
  unit: string,
  direction: TargetCheck["direction"],
  limit: number,
  note?: string,
): TargetCheck {
  return {
    name,
    value,
    unit,
    limit,
    direction,
    met: direction === "at most" ? value <= limit : value >= limit,
    ...(note === undefined ? {} : { note }),
  };
}

const num = (value: number | undefined, digits = 0): string =>
  value === undefined || Number.isNaN(value) ? "" : value.toFixed(digits);
const times = (value: number | undefined): string =>
  value === undefined || Number.isNaN(value) ? "" : `${value.toFixed(2)}×`;

/** The measurements as a Markdown table (medians over the runs). */
export function measurementTable(measurements: readonly Measurement[]): string {
  const header = [
    "scenario",
    "N",
    "latency ms",
    "runs",
    "requests",
    "wall ms",
    "server span ms",
    "bound ms",
    "wall / bound",
    "span / bound",
    "CPU ms",
    "peak RSS MB (median)",
    "baseline ms",
    "baseline / ours",
  ];
  const rows = measurements.map((m) => {
    const wall = median(m.wallMs);
    const span = m.networkMs ? median(m.networkMs) : undefined;
    return [
      m.scenario,
      m.organizations?.toLocaleString("en-US") ?? "",
      m.latencyMs === undefined ? "" : String(m.latencyMs),
      String(m.wallMs.length),
      m.requests?.toLocaleString("en-US") ?? "",
      num(wall),
      num(span),
      num(m.bound?.ms),
      m.bound ? times(wall / m.bound.ms) : "",
      m.bound && span !== undefined ? times(span / m.bound.ms) : "",
      m.cpuMs ? num(median(m.cpuMs)) : "",
      m.maxRssMb ? num(median(m.maxRssMb)) : "",
      num(m.baselineMs),
      m.baselineMs === undefined ? "" : times(m.baselineMs / wall),
    ];
  });
  return markdown(header, rows);
}

/** How each bound was computed, and each scenario's note, as a Markdown list. */
export function measurementNotes(measurements: readonly Measurement[]): string {
  return measurements
    .filter((m) => m.bound !== undefined || m.note !== undefined)
    .map((m) => {
      const parts = [
        m.bound ? `bound = ${m.bound.how}` : "",
        m.note ?? "",
        m.extra
          ? Object.entries(m.extra)
              .map(([key, value]) => `${key} ${value}`)
              .join(", ")
          : "",
      ].filter((part) => part !== "");
      const size = m.organizations
        ? ` (N=${m.organizations.toLocaleString("en-US")}${m.latencyMs === undefined ? "" : `, ${m.latencyMs} ms`})`
        : "";
      return `- ${m.scenario}${size}: ${parts.join("; ")}`;
    })
    .join("\n");
}

/** The targets as a Markdown table. */
export function targetTable(targets: readonly TargetCheck[]): string {
  return markdown(
    ["target", "measured", "limit", "met", "what bounds it"],
    targets.map((t) => [
      t.name,
      `${num(t.value, t.unit === "×" || t.unit === "%" ? 2 : 0)} ${t.unit}`,
      `${t.direction} ${t.limit} ${t.unit}`,
      t.met ? "yes" : "**NO**",
      t.note ?? "",
    ]),
  );
}

function markdown(
  header: readonly string[],
  rows: readonly string[][],
): string {
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join(
    "\n",
  );
}
