/**
 * How fast readLive reads a big site: 10,000 organizations (10 details each) from the
 * emulator at 20 ms latency per request, 8 requests at a time.
 *
 * The bound is what a perfect client could do: (1 + ceil(N/25)) requests, 8 at a time,
 * 20 ms each → ceil((1 + ceil(N/25)) / 8) × 20 ms. The target is within 1.5× of it. A
 * same-run baseline sends the very same requests with plain `fetch` (no schema check, no
 * gate, no normalising): what any client costs on this machine. The emulator runs in its
 * own process, as a real site would be elsewhere; `--in-process` shares the client's.
 *
 *     npx tsx bench/read-live.ts [N] [runs] [--in-process]
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

import pLimit from "p-limit";

import { createClient } from "../src/api/index.js";
import { startEmulator } from "../src/emulator/index.js";
import { desiredOrganizationNames, readLive } from "../src/live/index.js";
import type { Desired, DesiredOrganization } from "../src/model/index.js";
import { benchSeed } from "./emulator-process.js";

const LATENCY_MS = 20;
const CONCURRENCY = 8;
const DETAILS = 10;

/** One benchmark's figures, in milliseconds. */
export interface ReadLiveFigures {
  readonly organizations: number;
  readonly emulator: "own process" | "in process";
  readonly requests: number;
  readonly boundMs: number;
  readonly readLiveMs: number[];
  readonly baselineMs: number[];
}

/** A running emulator as the benchmark sees it. */
interface Target {
  readonly baseUrl: string;
  requestCount(): Promise<number>;
  clearRequests(): Promise<void>;
  close(): Promise<void>;
}

async function inProcess(n: number): Promise<Target> {
  const emu = await startEmulator({
    quiet: true,
    seed: benchSeed(n, DETAILS),
    latency: { fixedMs: LATENCY_MS },
    maxLogEntries: 10_000,
  });
  return {
    baseUrl: emu.baseUrl,
    requestCount: () => Promise.resolve(emu.control.requests().length),
    clearRequests: () => Promise.resolve(emu.control.clearRequests()),
    close: () => emu.close(),
  };
}

async function ownProcess(n: number): Promise<Target> {
  const script = fileURLToPath(
    new URL("./emulator-process.ts", import.meta.url),
  );
  const child = spawn(
    process.execPath,
    ["--import", "tsx", script, String(n), String(DETAILS), String(LATENCY_MS)],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const ready = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", resolve);
    child.once("exit", (code) =>
      reject(new Error(`emulator exited (${code})`)),
    );
  });
  const [, baseUrl, origin] = ready.split(" ");
  if (baseUrl === undefined || origin === undefined) throw new Error(ready);
  const control = `${origin}/_emulator/requests`;
  return {
    baseUrl,
    requestCount: async () =>
      ((await (await fetch(control)).json()) as { requests: unknown[] })
        .requests.length,
    clearRequests: async () => {
      await fetch(control, { method: "DELETE" });
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.stdin.end();
      }),
  };
}

function desiredOf(n: number): Desired {
  const source = { file: "bench.yaml", line: 1, column: 1 };
  const organizations: DesiredOrganization[] = Array.from(
    { length: n },
    (_, i) => ({
      name: `Organization ${i}`,
      previousNames: [],
      ensure: "present",
      details: [],
      pruneProducts: false,
      source,
    }),
  );
  return {
    fields: { declared: false, prune: false, items: [] },
    organizations,
  };
}

/** Runs the benchmark and returns its figures. */
export async function benchReadLive(
  n = 10_000,
  runs = 3,
  where: "own process" | "in process" = "own process",
): Promise<ReadLiveFigures> {
  const target =
    where === "own process" ? await ownProcess(n) : await inProcess(n);
  try {
    const desired = desiredOf(n);
    const requests = 1 + Math.ceil(n / 25);
    const boundMs = Math.ceil(requests / CONCURRENCY) * LATENCY_MS;
    const readLiveMs: number[] = [];
    const baselineMs: number[] = [];
    const names = desiredOrganizationNames(desired);
    for (let run = 0; run < runs; run += 1) {
      const client = createClient({
        baseUrl: target.baseUrl,
        auth: { kind: "bearer", token: "bench" },
        concurrency: CONCURRENCY,
      });
      await target.clearRequests();
      let started = performance.now();
      const live = await readLive(client, desired, {
        concurrency: CONCURRENCY,
      });
      readLiveMs.push(performance.now() - started);
      const sent = await target.requestCount();
      if (live.organizations.length !== n || sent !== requests)
        throw new Error(
          `read ${live.organizations.length} of ${n} organizations in ${sent} requests (expected ${requests})`,
        );

      started = performance.now();
      await baseline(target.baseUrl, names);
      baselineMs.push(performance.now() - started);
    }
    return {
      organizations: n,
      emulator: where,
      requests,
      boundMs,
      readLiveMs,
      baselineMs,
    };
  } finally {
    await target.close();
  }
}

/** The same requests with plain fetch: the floor for any client on this machine. */
async function baseline(
  baseUrl: string,
  names: readonly string[],
): Promise<void> {
  const limit = pLimit(CONCURRENCY);
  const headers = {
    authorization: "Bearer bench",
    accept: "application/json",
    "content-type": "application/json",
    "x-experimentalapi": "opt-in",
  };
  const batches: string[][] = [];
  for (let i = 0; i < names.length; i += 25)
    batches.push(names.slice(i, i + 25));
  await Promise.all([
    limit(async () =>
      (await fetch(`${baseUrl}organization/details`, { headers })).json(),
    ),
    ...batches.map((batch) =>
      limit(async () => {
        const response = await fetch(`${baseUrl}organization/profile/fetch`, {
          method: "POST",
          headers,
          body: JSON.stringify({
            organizationIds: [],
            organizationNames: batch,
          }),
        });
        return response.json();
      }),
    ),
  ]);
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[mid]!
    : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** A short report of the figures. */
export function formatReadLive(f: ReadLiveFigures): string {
  const ms = (v: number): string => `${v.toFixed(0)} ms`;
  const ratio = (v: number): string => `${(v / f.boundMs).toFixed(2)}×`;
  const [min, med] = [Math.min(...f.readLiveMs), median(f.readLiveMs)];
  const [bmin, bmed] = [Math.min(...f.baselineMs), median(f.baselineMs)];
  return [
    `readLive: ${f.organizations} organizations × ${DETAILS} details, ${LATENCY_MS} ms latency, concurrency ${CONCURRENCY}, emulator in ${f.emulator === "own process" ? "its own process" : "the same process"}`,
    `  requests ${f.requests} (1 + ceil(N/25)); bound ceil(${f.requests}/${CONCURRENCY}) × ${LATENCY_MS} ms = ${ms(f.boundMs)}`,
    `  readLive  ${f.readLiveMs.map(ms).join(", ")}: min ${ms(min)} (${ratio(min)}), median ${ms(med)} (${ratio(med)} of the bound)`,
    `  baseline  ${f.baselineMs.map(ms).join(", ")}: min ${ms(bmin)} (${ratio(bmin)}), median ${ms(bmed)} (${ratio(bmed)} of the bound)`,
    `  readLive / baseline (medians) ${(med / bmed).toFixed(2)}×; target ≤ 1.50× of the bound: ${med / f.boundMs <= 1.5 ? "met" : "MISSED"}`,
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const numbers = args.filter((a) => !a.startsWith("--")).map(Number);
  const where = args.includes("--in-process") ? "in process" : "own process";
  console.log(
    formatReadLive(
      await benchReadLive(numbers[0] ?? 10_000, numbers[1] ?? 3, where),
    ),
  );
}
