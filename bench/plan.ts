/**
 * How fast the planner plans a big site: 10,000 organizations × 10 details, against a live
 * state that differs in about 1% of its values (plus MULTISELECT values in another order and
 * dates written as timestamps everywhere, which must compare equal). Targets: plan() under
 * 500 ms of CPU and the whole process under 300 MB peak memory.
 *
 * Each run is a fresh process (`--child`), so one run's garbage and JIT state cannot help
 * or hurt another; we report the min and median of the runs. A same-run baseline,
 * `structuredClone` of the planner's input, says what merely touching that much data costs
 * on this machine, so the ratio travels between machines better than the milliseconds.
 * The renderers are timed on the same plan.
 *
 *     npx tsx bench/plan.ts [organizations] [runs]
 *
 * `npm run bench` runs it too (the "planner" scenario of bench/run.ts).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

import type {
  Desired,
  DesiredField,
  DesiredOrganization,
  Live,
  LiveField,
  LiveOrganization,
  LiveProduct,
  SourceLocation,
} from "../src/model/index.js";
import {
  plan,
  renderJson,
  renderMarkdown,
  renderText,
} from "../src/plan/index.js";
import { median } from "./lib/stats.js";

const TARGET_CPU_MS = 500;
const TARGET_PEAK_MB = 300;

/** The figures of one run (one process). */
export interface PlanRun {
  readonly organizations: number;
  readonly details: number;
  readonly changes: number;
  readonly planCpuMs: number;
  readonly planWallMs: number;
  readonly baselineCpuMs: number;
  /** Peak RSS of the process up to the end of plan(): inputs, planner and plan. */
  readonly peakRssMb: number;
  readonly heapAfterPlanMb: number;
  readonly renderTextMs: number;
  readonly renderJsonMs: number;
  readonly renderMarkdownMs: number;
  readonly markdownParts: number;
  /** The renderers again on a plan where every organization has a change. */
  readonly bigChanges: number;
  readonly bigPlanCpuMs: number;
  readonly bigRenderTextMs: number;
  readonly bigRenderJsonMs: number;
  readonly bigRenderMarkdownMs: number;
  readonly bigMarkdownParts: number;
}

const FIELDS: readonly { name: string; type: string; options?: string[] }[] = [
  { name: "Region", type: "SELECT", options: ["AU", "EU", "US", "APAC"] },
  { name: "Tier", type: "SELECT", options: ["Gold", "Silver", "Bronze"] },
  { name: "Segment", type: "SELECT", options: ["SMB", "Mid", "Enterprise"] },
  { name: "Tags", type: "MULTISELECT", options: ["a", "b", "c", "d", "e"] },
  { name: "Renewal date", type: "DATE" },
  { name: "Score", type: "NUMBER" },
  { name: "Contact", type: "EMAIL" },
  { name: "Phone", type: "PHONE" },
  { name: "Website", type: "URL" },
  { name: "Notes", type: "TEXT" },
];

const PRODUCTS: LiveProduct[] = Array.from({ length: 5 }, (_, i) => ({
  id: `6f1f6b1f-0000-4000-8000-00000000000${i}`,
  name: `Product ${i}`,
}));

function valuesOf(field: string, i: number): string[] {
  switch (field) {
    case "Region":
      return [["AU", "EU", "US", "APAC"][i % 4]!];
    case "Tier":
      return [["Gold", "Silver", "Bronze"][i % 3]!];
    case "Segment":
      return [["SMB", "Mid", "Enterprise"][i % 3]!];
    case "Tags":
      return ["a", "c", "e"];
    case "Renewal date":
      return [`2027-0${(i % 9) + 1}-15`];
    case "Score":
      return [String(i % 100)];
    case "Contact":
      return [`owner${i}@example.com`];
    case "Phone":
      return [`+61 2 9262 ${String(i % 10_000).padStart(4, "0")}`];
    case "Website":
      return [`https://customer${i}.example.com`];
    default:
      return [`Customer number ${i}, managed in git`];
  }
}

/** Desired and live states of `n` organizations; about 1% of the live values differ. */
export function buildInputs(n: number): { desired: Desired; live: Live } {
  const source = (line: number): SourceLocation => ({
    file: "orgsync/customers.yaml",
    line,
    column: 5,
  });
  const desiredFields: DesiredField[] = FIELDS.map((f, i) => ({
    ...f,
    previousNames: [],
    source: source(i + 1),
  }));
  const liveFields: LiveField[] = FIELDS.map((f) => ({ ...f }));
  const organizations: DesiredOrganization[] = [];
  const liveOrganizations: LiveOrganization[] = [];
  for (let i = 0; i < n; i += 1) {
    const name = `Customer ${String(i).padStart(5, "0")}`;
    const renamed = i % 1000 === 7;
    organizations.push({
      name,
      previousNames: renamed ? [`Old ${name}`] : [],
      ensure: "present",
      details: FIELDS.map((f) => ({
        name: f.name,
        values: valuesOf(f.name, i),
        source: source(100 + i),
      })),
      products: { items: [PRODUCTS[i % 5]!.id], source: source(100 + i) },
      pruneProducts: false,
      source: source(100 + i),
    });
    if (i % 500 === 3) continue; // missing on the site: a create
    liveOrganizations.push({
      id: `org-${i}`,
      name: renamed ? `Old ${name}` : name,
      details: FIELDS.map((f) => {
        let values = valuesOf(f.name, i);
        if (f.name === "Tags") values = [...values].reverse();
        if (f.name === "Renewal date") values = [`${values[0]}T00:00:00.000Z`];
        if (f.name === "Region" && i % 100 === 42)
          values = ["US", "EU"].slice(i % 2, (i % 2) + 1);
        if (f.name === "Notes" && i % 100 === 17) values = ["edited by hand"];
        return { name: f.name, type: f.type, values };
      }),
      entitlements:
        i % 250 === 9
          ? []
          : [
              {
                id: `ent-${i}`,
                productId: PRODUCTS[i % 5]!.id,
                productName: PRODUCTS[i % 5]!.name,
              },
            ],
      customers: [],
    });
  }
  return {
    desired: {
      fields: { declared: true, prune: false, items: desiredFields },
      organizations,
    },
    live: {
      fields: liveFields,
      organizations: liveOrganizations,
      products: PRODUCTS,
    },
  };
}

const cpuMs = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

function timed<T>(run: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = run();
  return { value, ms: performance.now() - start };
}

const OPTIONS = {
  now: "2026-01-01T00:00:00.000Z",
  orgsyncVersion: "bench",
  target: { baseUrl: "http://127.0.0.1:4010/api/v1/" },
};

/** One run, in this process. */
export function runOnce(n: number): PlanRun {
  const { desired, live } = buildInputs(n);

  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const made = plan(desired, live, OPTIONS);
  const planWallMs = performance.now() - wallStart;
  const planCpuMs = cpuMs(cpuStart);
  // maxRSS is in kilobytes; read before the baseline and the renderers add their own.
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const heapAfterPlanMb = process.memoryUsage().heapUsed / 2 ** 20;

  const baselineStart = process.cpuUsage();
  structuredClone({ desired, live });
  const baselineCpuMs = cpuMs(baselineStart);

  const text = timed(() => renderText(made, { color: false }));
  const json = timed(() => renderJson(made));
  const markdown = timed(() => renderMarkdown(made));

  const everyOrganization: Live = {
    ...live,
    organizations: live.organizations.map((o) => ({
      ...o,
      details: o.details.map((d) =>
        d.name === "Notes" ? { ...d, values: ["changed on the site"] } : d,
      ),
    })),
  };
  const bigStart = process.cpuUsage();
  const big = plan(desired, everyOrganization, OPTIONS);
  const bigPlanCpuMs = cpuMs(bigStart);
  const bigText = timed(() => renderText(big, { color: true }));
  const bigJson = timed(() => renderJson(big));
  const bigMarkdown = timed(() => renderMarkdown(big));
  return {
    organizations: n,
    details: n * FIELDS.length,
    changes: made.changes.length,
    planCpuMs,
    planWallMs,
    baselineCpuMs,
    peakRssMb,
    heapAfterPlanMb,
    renderTextMs: text.ms,
    renderJsonMs: json.ms,
    renderMarkdownMs: markdown.ms,
    markdownParts: markdown.value.length,
    bigChanges: big.changes.length,
    bigPlanCpuMs,
    bigRenderTextMs: bigText.ms,
    bigRenderJsonMs: bigJson.ms,
    bigRenderMarkdownMs: bigMarkdown.ms,
    bigMarkdownParts: bigMarkdown.value.length,
  };
}

/** `runs` runs, each in a fresh process. */
export function benchPlan(n: number, runs: number): PlanRun[] {
  const results: PlanRun[] = [];
  for (let run = 0; run < runs; run += 1) {
    const child = spawnSync(
      process.execPath,
      [
        ...process.execArgv,
        fileURLToPath(import.meta.url),
        "--child",
        String(n),
      ],
      { encoding: "utf8" },
    );
    if (child.status !== 0) {
      throw new Error(`benchmark run failed:\n${child.stderr}`);
    }
    results.push(JSON.parse(child.stdout) as PlanRun);
  }
  return results;
}

/** A table of min and median figures, and whether the targets hold (on the median). */
export function formatPlanBench(runs: PlanRun[]): {
  text: string;
  ok: boolean;
} {
  const first = runs[0]!;
  const row = (label: string, pick: (r: PlanRun) => number, unit: string) => {
    const values = runs.map(pick);
    return `| ${label} | ${Math.min(...values).toFixed(1)} ${unit} | ${median(values).toFixed(1)} ${unit} |`;
  };
  const cpu = median(runs.map((r) => r.planCpuMs));
  const peak = median(runs.map((r) => r.peakRssMb));
  const ok = cpu < TARGET_CPU_MS && peak < TARGET_PEAK_MB;
  const text = [
    `plan(): ${first.organizations} organizations × ${first.details / first.organizations} details, ${first.changes} changes, ${runs.length} runs (fresh process each), Node ${process.version}`,
    "",
    "| figure | min | median |",
    "|---|---:|---:|",
    row("plan() CPU (user+system)", (r) => r.planCpuMs, "ms"),
    row("plan() wall", (r) => r.planWallMs, "ms"),
    row("baseline: structuredClone(input) CPU", (r) => r.baselineCpuMs, "ms"),
    row("plan CPU / baseline", (r) => r.planCpuMs / r.baselineCpuMs, "×"),
    row("peak RSS of the process through plan()", (r) => r.peakRssMb, "MB"),
    row("heap used after plan()", (r) => r.heapAfterPlanMb, "MB"),
    row("renderText", (r) => r.renderTextMs, "ms"),
    row("renderJson", (r) => r.renderJsonMs, "ms"),
    row(
      `renderMarkdown (${first.markdownParts} parts)`,
      (r) => r.renderMarkdownMs,
      "ms",
    ),
    row(
      `plan() CPU, every organization changed (${first.bigChanges} changes)`,
      (r) => r.bigPlanCpuMs,
      "ms",
    ),
    row("  renderText (colour)", (r) => r.bigRenderTextMs, "ms"),
    row("  renderJson", (r) => r.bigRenderJsonMs, "ms"),
    row(
      `  renderMarkdown (${first.bigMarkdownParts} parts)`,
      (r) => r.bigRenderMarkdownMs,
      "ms",
    ),
    "",
    `targets (median): plan() CPU ${cpu.toFixed(0)} ms < ${TARGET_CPU_MS} ms, peak RSS ${peak.toFixed(0)} MB < ${TARGET_PEAK_MB} MB: ${ok ? "met" : "MISSED"}`,
  ].join("\n");
  return { text, ok };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  if (args[0] === "--child") {
    process.stdout.write(JSON.stringify(runOnce(Number(args[1] ?? 10_000))));
  } else {
    const n = Number(args[0] ?? 10_000);
    const runs = Number(args[1] ?? 5);
    const { text, ok } = formatPlanBench(benchPlan(n, runs));
    process.stdout.write(`${text}\n`);
    process.exitCode = ok ? 0 : 1;
  }
}
