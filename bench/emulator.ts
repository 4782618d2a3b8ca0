/**
 * Emulator benchmark: `npx tsx bench/emulator.ts` (about 30 s).
 *
 * (a) The cost of a 25-profile fetch at 100 and at 10,000 organizations, in the same run:
 *     the indexes must make it independent of the site's size.
 * (b) Throughput with 32 concurrent keep-alive clients, for cheap and heavy calls, and for
 *     writes with and without --persist (group commit).
 *
 * Client and server share this machine's cores, so throughput figures are lower bounds.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";

import {
  startEmulator,
  type EmulatorSeed,
  type RunningEmulator,
} from "../src/emulator/index.js";

const PRODUCT = "3858a61a-d337-42e6-993e-e13e1c366d4f";

function site(organizations: number): EmulatorSeed {
  return {
    fields: [
      { name: "Region", type: "SELECT", options: ["AU", "EU", "US"] },
      { name: "Tier", type: "SELECT", options: ["Gold", "Silver", "Bronze"] },
      { name: "Notes", type: "TEXT" },
    ],
    products: [{ id: PRODUCT, name: "Acme Widget" }],
    organizations: Array.from({ length: organizations }, (_, i) => ({
      name: `Organization ${i + 1}`,
      details: {
        Region: ["AU", "EU", "US"][i % 3]!,
        Tier: "Gold",
        Notes: `note ${i}`,
      },
      products: [PRODUCT],
      customers: [`qm:${i}`],
    })),
  };
}

interface Sent {
  readonly status: number;
  readonly ms: number;
}

/** One request over a keep-alive agent, timed on the client. */
function send(
  agent: Agent,
  url: URL,
  method: string,
  body?: unknown,
): Promise<Sent> {
  const text = body === undefined ? undefined : JSON.stringify(body);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent,
        headers: {
          Authorization: "Bearer bench",
          "X-ExperimentalApi": "opt-in",
          ...(text === undefined
            ? {}
            : {
                "Content-Type": "application/json",
                "Content-Length": Buffer.byteLength(text),
              }),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            ms: performance.now() - started,
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(text);
  });
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** 25 distinct organizations, 13 by id and 12 by name (case changed, as a client might). */
function fetchBody(organizations: number, random: () => number): unknown {
  const picked = new Set<number>();
  while (picked.size < 25) picked.add(1 + Math.floor(random() * organizations));
  const numbers = [...picked];
  return {
    organizationIds: numbers.slice(0, 13).map(String),
    organizationNames: numbers.slice(13).map((n) => `organization ${n}`),
  };
}

/** The same 25 organizations on every call. */
const SAME_BODY = fetchBody(
  100,
  (() => {
    let i = 0;
    return () => (i++ % 100) / 100;
  })(),
);

interface Latency {
  readonly client: number[];
  readonly server: number[];
}

/** 1000 sequential 25-profile fetches (after 300 to warm up), timed on both sides. */
async function fetchLatency(
  emulator: RunningEmulator,
  body: () => unknown,
): Promise<Latency> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL("organization/profile/fetch", emulator.baseUrl);
  for (let i = 0; i < 300; i++) await send(agent, url, "POST", body());
  emulator.control.clearRequests();
  const client: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const sent = await send(agent, url, "POST", body());
    if (sent.status !== 200) throw new Error(`fetch answered ${sent.status}`);
    client.push(sent.ms);
  }
  agent.destroy();
  const server = emulator.control.requests().map((entry) => entry.durationMs);
  return {
    client: client.sort((a, b) => a - b),
    server: server.sort((a, b) => a - b),
  };
}

function lcg(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

/** Requests per second with `concurrency` keep-alive clients for `seconds`. */
async function throughput(
  emulator: RunningEmulator,
  label: string,
  next: (i: number) => { method: string; path: string; body?: unknown },
  seconds = 4,
  concurrency = 32,
): Promise<{
  label: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const deadline = performance.now() + seconds * 1000;
  const times: number[] = [];
  let errors = 0;
  let counter = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const call = next(counter++);
        const sent = await send(
          agent,
          new URL(call.path, emulator.baseUrl),
          call.method,
          call.body,
        );
        if (sent.status >= 300) errors++;
        times.push(sent.ms);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  times.sort((a, b) => a - b);
  return {
    label,
    rps: times.length / elapsed,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    errors,
  };
}

const ms = (value: number): string => `${value.toFixed(3)} ms`;

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${process.platform}/${process.arch}\n`);

  const small = await startEmulator({ seed: site(100), maxLogEntries: 2000 });
  const seedStart = performance.now();
  const large = await startEmulator({
    seed: site(10_000),
    maxLogEntries: 2000,
  });
  const seedMs = performance.now() - seedStart;
  const rows: [string, number, Latency][] = [];
  for (const mode of ["random 25 of all", "the same 25"]) {
    for (const [n, emulator] of [
      [100, small],
      [10_000, large],
    ] as const) {
      const random = lcg(42);
      const body =
        mode === "the same 25" ? () => SAME_BODY : () => fetchBody(n, random);
      rows.push([mode, n, await fetchLatency(emulator, body)]);
    }
  }
  console.log(
    "(a) POST organization/profile/fetch, 25 profiles per call, 1000 sequential calls",
  );
  console.log(
    `    (loading the 10,000-organization seed took ${seedMs.toFixed(0)} ms)`,
  );
  console.log(
    "| which | organizations | client p50 | client p95 | server p50 | server p95 |",
  );
  console.log("|---|---|---|---|---|---|");
  for (const [mode, n, r] of rows) {
    console.log(
      `| ${mode} | ${n} | ${ms(percentile(r.client, 50))} | ${ms(percentile(r.client, 95))} | ${ms(percentile(r.server, 50))} | ${ms(percentile(r.server, 95))} |`,
    );
  }
  for (let i = 0; i < rows.length; i += 2) {
    const [mode, , a] = rows[i]!;
    const [, , b] = rows[i + 1]!;
    console.log(
      `ratio 10,000 / 100 (${mode}): client p50 ${(percentile(b.client, 50) / percentile(a.client, 50)).toFixed(2)}, server p50 ${(percentile(b.server, 50) / percentile(a.server, 50)).toFixed(2)}`,
    );
  }
  console.log("");
  await large.close();

  const dir = await mkdtemp(join(tmpdir(), "orgsync-bench-"));
  const persisted = await startEmulator({
    seed: site(100),
    stateFile: join(dir, "state.json"),
    persist: true,
    maxLogEntries: 2000,
  });
  // Warm the JIT so the first row is not penalised.
  await throughput(
    small,
    "warm-up",
    () => ({ method: "GET", path: "organization/details" }),
    1,
  );
  const table = [
    await throughput(small, "GET organization/details", () => ({
      method: "GET",
      path: "organization/details",
    })),
    await throughput(small, "POST organization/profile/fetch (25)", (i) => ({
      method: "POST",
      path: "organization/profile/fetch",
      body: fetchBody(100, lcg(i + 1)),
    })),
    await throughput(small, "PUT organization/{id}/details (write)", (i) => ({
      method: "PUT",
      path: `organization/${1 + (i % 100)}/details?fieldName=Region`,
      body: { values: [["AU", "EU", "US"][i % 3]] },
    })),
    await throughput(persisted, "same write, --persist (JSON, fsync)", (i) => ({
      method: "PUT",
      path: `organization/${1 + (i % 100)}/details?fieldName=Region`,
      body: { values: [["AU", "EU", "US"][i % 3]] },
    })),
  ];
  console.log(
    "(b) throughput, 32 concurrent keep-alive clients, 4 s each (100 organizations)",
  );
  console.log("| call | req/s | p50 | p99 | errors |");
  console.log("|---|---|---|---|---|");
  for (const row of table) {
    console.log(
      `| ${row.label} | ${row.rps.toFixed(0)} | ${ms(row.p50)} | ${ms(row.p99)} | ${row.errors} |`,
    );
  }
  await Promise.all([small.close(), persisted.close()]);
  await rm(dir, { recursive: true, force: true });
}

await main();
