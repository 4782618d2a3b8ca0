/**
 * Benchmark: `orgsync validate` of 10,000 organizations in one Organizations file (target:
 * under 2 s). Generates its input into a temporary folder, then times
 *   - the loader in-process (loadManifests: read, parse, schema, rules, Desired), cold and
 *     warm, min and median of several runs, wall clock and CPU time;
 *   - the real CLI in a fresh process (`validate DIR`; dist/cli/bin.js when built, else
 *     src/cli/bin.ts through tsx), against a same-run baseline of the same process printing
 *     `--version`, so start-up cost is visible on its own.
 * CPU time is printed beside wall time because a shared machine's load inflates the latter.
 *
 * Run: npx tsx bench/validate.ts [organizations=10000] [runs=7]
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { Composer, Parser } from "yaml";

import { loadManifests } from "../src/manifest/index.js";

const organizations = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 7);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const REGIONS = ["AU", "EU", "US", "APAC"];
const TIERS = ["Gold", "Silver", "Bronze"];
const MARKETS = ["Retail", "Banking", "Government", "Healthcare", "Education"];

function fieldsYaml(): string {
  return `apiVersion: orgsync/v1
kind: DetailFields
fields:
  - { name: Region, type: SELECT, options: [${REGIONS.join(", ")}] }
  - { name: Tier, type: SELECT, options: [${TIERS.join(", ")}], previousNames: [Level] }
  - { name: Markets, type: MULTISELECT, options: [${MARKETS.join(", ")}] }
  - { name: Renewal date, type: DATE }
  - { name: Account manager, type: EMAIL }
  - { name: Support phone, type: PHONE }
  - { name: Contract ID, type: TEXT }
`;
}

function organizationsYaml(count: number): string {
  const lines = [
    "apiVersion: orgsync/v1",
    "kind: Organizations",
    "defaults:",
    "  details:",
    "    Region: EU",
    "    Account manager: accounts@example.com",
    "  products: [Acme Widget]",
    "organizations:",
  ];
  for (let i = 0; i < count; i++) {
    const month = String((i % 12) + 1).padStart(2, "0");
    const day = String((i % 28) + 1).padStart(2, "0");
    lines.push(
      `  - name: Customer ${String(i).padStart(5, "0")} Pty Ltd`,
      "    details:",
      `      Region: ${REGIONS[i % REGIONS.length]}`,
      `      Tier: ${TIERS[i % TIERS.length]}`,
      `      Markets: [${MARKETS[i % MARKETS.length]}, ${MARKETS[(i + 2) % MARKETS.length]}]`,
      `      Renewal date: "2027-${month}-${day}"`,
      `      Support phone: +61 2 9${String(i).padStart(3, "0")} 1443`,
      `      Contract ID: C-${i}`,
    );
    if (i % 10 === 0) lines.push("    products: [Acme Widget, Acme Gadget]");
  }
  return `${lines.join("\n")}\n`;
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    min: sorted[0]!,
    median: sorted[Math.floor(sorted.length / 2)]!,
  };
};
const ms = (value: number) => `${value.toFixed(0).padStart(6)} ms`;

/** CPU time (user + system) of this process's finished children, from /proc (Linux). */
function childrenCpuMs(): number {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8")
      .slice(readFileSync("/proc/self/stat", "utf8").lastIndexOf(")") + 2)
      .split(" ");
    // After the command name: cutime and cstime are fields 16 and 17 (clock ticks, 100 Hz).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return Number.NaN;
  }
}

const dir = mkdtempSync(path.join(tmpdir(), "orgsync-bench-validate-"));
try {
  writeFileSync(path.join(dir, "fields.yaml"), fieldsYaml());
  writeFileSync(
    path.join(dir, "organizations.yaml"),
    organizationsYaml(organizations),
  );
  const size = statSync(path.join(dir, "organizations.yaml")).size;
  console.log(
    `validate: ${organizations.toLocaleString("en-US")} organizations in one file (${(size / 1024 / 1024).toFixed(2)} MiB), ${runs} runs, node ${process.version}`,
  );

  const inProcess: number[] = [];
  const inProcessCpu: number[] = [];
  for (let run = 0; run <= runs; run++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const result = await loadManifests([dir], { cwd: dir, env: {} });
    const elapsed = performance.now() - start;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    if (!result.ok || result.stats.organizations !== organizations) {
      throw new Error("benchmark input did not validate");
    }
    if (run > 0) {
      inProcess.push(elapsed);
      inProcessCpu.push(cpuMs);
    } else {
      console.log(
        `  in-process, cold (first run)  ${ms(elapsed)}   cpu ${ms(cpuMs)}`,
      );
    }
  }
  const warm = stats(inProcess);
  const warmCpu = stats(inProcessCpu);
  console.log(
    `  in-process, warm              min ${ms(warm.min)}   median ${ms(warm.median)}   cpu median ${ms(warmCpu.median)}`,
  );
  // Same-run baseline: the yaml package alone parsing the same file, no checks at all.
  const text = readFileSync(path.join(dir, "organizations.yaml"), "utf8");
  const parseOnly: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const parsed = [...new Composer().compose(new Parser().parse(text))];
    parseOnly.push(performance.now() - start);
    if (parsed.length !== 1) throw new Error("baseline parse failed");
  }
  const yamlOnly = stats(parseOnly);
  console.log(
    `  baseline: yaml parse only     min ${ms(yamlOnly.min)}   median ${ms(yamlOnly.median)}   (loader / yaml = ${(warm.median / yamlOnly.median).toFixed(2)})`,
  );

  const built = path.join(root, "dist/cli/bin.js");
  const binary = existsSync(built)
    ? [built]
    : ["--import", "tsx", path.join(root, "src/cli/bin.ts")];
  const cli = (args: string[]) => {
    const cpuBefore = childrenCpuMs();
    const start = performance.now();
    const child = spawnSync(process.execPath, [...binary, ...args], {
      cwd: root,
      encoding: "utf8",
    });
    const elapsed = performance.now() - start;
    if (child.status !== 0) {
      throw new Error(`cli failed: ${child.stderr}`);
    }
    return {
      elapsed,
      cpu: childrenCpuMs() - cpuBefore,
      stdout: child.stdout.trim(),
    };
  };
  const baseline: number[] = [];
  const full: number[] = [];
  const fullCpu: number[] = [];
  let summary = "";
  for (let run = 0; run < runs; run++) {
    baseline.push(cli(["--version"]).elapsed);
    const validated = cli(["validate", dir]);
    full.push(validated.elapsed);
    fullCpu.push(validated.cpu);
    summary = validated.stdout;
  }
  const base = stats(baseline);
  const whole = stats(full);
  const wholeCpu = stats(fullCpu);
  console.log(
    `  CLI process (${existsSync(built) ? "dist/cli/bin.js" : "tsx src/cli/bin.ts"}): ${summary}`,
  );
  console.log(
    `  CLI process, validate         min ${ms(whole.min)}   median ${ms(whole.median)}   cpu median ${ms(wholeCpu.median)}`,
  );
  console.log(
    `  CLI process, --version        min ${ms(base.min)}   median ${ms(base.median)}   (start-up baseline)`,
  );
  console.log(
    `  target: validate under 2000 ms (CLI median): ${whole.median < 2000 ? "met" : "MISSED"}; load average now ${loadavg()
      .map((load) => load.toFixed(2))
      .join(" ")}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
