import { afterEach, describe, expect, it } from "vitest";

import type {
  EmulatorSnapshot,
  RequestLogEntry,
  RunningEmulator,
} from "../../src/emulator/index.js";
import {
  type Reply,
  call,
  errorBody,
  seededRandom,
  startTestEmulator,
} from "./helpers.js";

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const start = async (
  options: Parameters<typeof startTestEmulator>[0] = {},
): Promise<RunningEmulator> => (emulator = await startTestEmulator(options));

const createOrganization = (e: RunningEmulator, name: string) =>
  call(e, "POST", "organization", { body: { name } });

describe("latency", () => {
  it("delays every answer by the fixed part plus jitter drawn from random", async () => {
    const e = await start({
      latency: { fixedMs: 60, jitterMs: 40 },
      random: () => 0.5,
    });
    const started = performance.now();
    await call(e, "GET", "organization/details");
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(78);
    expect(e.control.requests()[0]!.durationMs).toBeGreaterThanOrEqual(78);
    e.control.configure({ latency: null });
    const quick = performance.now();
    await call(e, "GET", "organization/details");
    expect(performance.now() - quick).toBeLessThan(60);
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After and X-RateLimit headers once the bucket is empty", async () => {
    const e = await start({ rateLimit: { rps: 2, burst: 3 } });
    const statuses: number[] = [];
    let limited: Reply | undefined;
    for (let i = 0; i < 4; i++) {
      const reply = await call(e, "GET", "organization/details");
      statuses.push(reply.status);
      if (reply.status === 429) limited = reply;
      if (i === 2)
        expect(reply.headers.get("x-ratelimit-nearlimit")).toBe("true");
      if (i === 0) {
        expect(reply.headers.get("x-ratelimit-limit")).toBe("3");
        expect(reply.headers.get("x-ratelimit-remaining")).toBe("2");
        expect(reply.headers.has("x-ratelimit-nearlimit")).toBe(false);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(limited!.headers.get("retry-after")).toBe("1");
    expect(limited!.headers.get("x-ratelimit-limit")).toBe("3");
    expect(limited!.headers.get("x-ratelimit-remaining")).toBe("0");
    const reset = Date.parse(limited!.headers.get("x-ratelimit-reset")!);
    expect(reset).toBeGreaterThan(Date.now());
    expect(reset).toBeLessThan(Date.now() + 1000);
    expect(limited!.headers.get("ratelimit-reason")).toBeTruthy();
    errorBody(limited!);
    await new Promise((resolve) => setTimeout(resolve, 550));
    expect((await call(e, "GET", "organization/details")).status).toBe(200);
  });

  it("can be turned on and off while running", async () => {
    const e = await start();
    e.control.configure({ rateLimit: { rps: 1, burst: 1 } });
    await call(e, "GET", "organization/details");
    expect((await call(e, "GET", "organization/details")).status).toBe(429);
    e.control.configure({ rateLimit: null });
    expect((await call(e, "GET", "organization/details")).status).toBe(200);
  });
});

describe("faults", () => {
  it("500: fails without doing anything", async () => {
    const e = await start({ faults: { rate: 0, kinds: ["500"], count: 1 } });
    const reply = await createOrganization(e, "Acme");
    expect(reply.status).toBe(500);
    errorBody(reply);
    expect(e.control.state().organizations).toEqual([]);
    expect((await createOrganization(e, "Acme")).status).toBe(200);
  });

  it("503 carries Retry-After", async () => {
    const e = await start({
      faults: { rate: 0, kinds: ["503"], count: 1, retryAfterSeconds: 2 },
    });
    const reply = await call(e, "GET", "organization/details");
    expect(reply.status).toBe(503);
    expect(reply.headers.get("retry-after")).toBe("2");
  });

  it("429 carries Retry-After and the rate-limit headers", async () => {
    const e = await start({ faults: { rate: 0, kinds: ["429"], count: 1 } });
    const reply = await call(e, "GET", "organization/details");
    expect(reply.status).toBe(429);
    expect(reply.headers.get("retry-after")).toBe("1");
    expect(reply.headers.get("x-ratelimit-reset")).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("reset: the connection drops without an answer", async () => {
    const e = await start({ faults: { rate: 0, kinds: ["reset"], count: 1 } });
    const error: unknown = await call(e, "GET", "organization/details").catch(
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(String((error as Error & { cause?: Error }).cause?.message)).toMatch(
      /ECONNRESET|socket|closed/i,
    );
    expect(e.control.requests()[0]).toMatchObject({
      status: 0,
      fault: "reset",
    });
    expect((await call(e, "GET", "organization/details")).status).toBe(200);
  });

  it("hang: no answer before the client's timeout; the socket is destroyed after hangMs", async () => {
    const e = await start({
      hangMs: 400,
      faults: { rate: 0, kinds: ["hang"], count: 2 },
    });
    const timedOut = await call(e, "GET", "organization/details", {
      signal: AbortSignal.timeout(100),
    }).catch((failure: unknown) => failure);
    expect((timedOut as Error).name).toBe("TimeoutError");
    const started = performance.now();
    const dropped = await call(e, "GET", "organization/details").catch(
      (failure: unknown) => failure,
    );
    expect(dropped).toBeInstanceOf(TypeError);
    expect(performance.now() - started).toBeGreaterThanOrEqual(350);
  });

  it("done-500: the write happens, the client sees 500", async () => {
    const e = await start({
      faults: { rate: 0, kinds: ["done-500"], count: 2 },
    });
    const reply = await createOrganization(e, "Acme");
    expect(reply.status).toBe(500);
    expect(e.control.state().organizations.map((o) => o.name)).toEqual([
      "Acme",
    ]);
    const read = await call(e, "GET", "organization/1");
    expect(read.status).toBe(500);
    expect((await createOrganization(e, "Acme")).status).toBe(400);
    expect(
      e.control.requests().map((r) => [r.status, r.fault, r.write]),
    ).toEqual([
      [500, "done-500", true],
      [500, "done-500", false],
      [400, undefined, true],
    ]);
  });

  it("only faults the methods and paths asked for", async () => {
    const e = await start({
      faults: {
        rate: 1,
        kinds: ["500"],
        methods: ["POST"],
        pathIncludes: "/fetch",
      },
    });
    expect((await call(e, "GET", "organization/details")).status).toBe(200);
    expect((await createOrganization(e, "Acme")).status).toBe(200);
    const fetch = await call(e, "POST", "organization/fetch", { body: {} });
    expect(fetch.status).toBe(500);
  });

  it("fails about `rate` of requests, reproducibly with a seeded random", async () => {
    const run = async (seed: number): Promise<number[]> => {
      const e = await startTestEmulator({
        random: seededRandom(seed),
        faults: { rate: 0.3, kinds: ["500", "503"] },
      });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 200; i++) {
          statuses.push((await call(e, "GET", "organization/details")).status);
        }
        return statuses;
      } finally {
        await e.close();
      }
    };
    const first = await run(7);
    const failed = first.filter((status) => status !== 200).length;
    expect(failed).toBeGreaterThan(35);
    expect(failed).toBeLessThan(85);
    expect(first).toContain(500);
    expect(first).toContain(503);
    expect(await run(7)).toEqual(first);
  });
});

describe("control endpoint", () => {
  const control = (
    e: RunningEmulator,
    method: string,
    name: string,
    body?: unknown,
  ) =>
    fetch(`${e.origin}/_emulator/${name}`, {
      method,
      // Control calls that change anything must say they send JSON (docs/emulator.md).
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it("changes settings at run time and refuses invalid ones", async () => {
    const e = await start();
    const put = await control(e, "PUT", "config", {
      faults: { rate: 1, kinds: ["503"] },
      readOnly: true,
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({
      faults: { rate: 1 },
      readOnly: true,
      latency: null,
    });
    expect((await call(e, "GET", "organization/details")).status).toBe(503);
    const state = await control(e, "GET", "state");
    expect(state.status).toBe(200);
    const bad = await control(e, "PUT", "config", {
      faults: { rate: 2, kinds: ["boom"] },
      latency: { fixedMs: -1 },
    });
    expect(bad.status).toBe(400);
    const message = ((await bad.json()) as { errorMessages: string[] })
      .errorMessages[0];
    expect(message).toMatch(/\/faults\/rate must be <= 1/);
    expect(message).toMatch(
      /\/faults\/kinds\/0 must be equal to one of the allowed values/,
    );
    expect(message).toMatch(/\/latency\/fixedMs must be >= 0/);
    expect(() => e.control.configure({ rateLimit: { rps: 0 } })).toThrow(/rps/);
    await control(e, "PUT", "config", { faults: null, readOnly: false });
    expect((await call(e, "GET", "organization/details")).status).toBe(200);
    expect(await (await control(e, "GET", "config")).json()).toEqual({
      dialect: "strict",
      latency: null,
      rateLimit: null,
      faults: null,
      readOnly: false,
      serviceDeskAgent: true,
      serviceDeskPageLimit: 50,
    });
  });

  it("serves the state, the request log and reset; control calls are never logged", async () => {
    const e = await start({ seed: { organizations: [{ name: "Acme" }] } });
    await createOrganization(e, "Globex");
    await call(e, "POST", "organization/fetch", {
      body: { organizationNames: ["acme"] },
    });
    await call(e, "GET", "organization/1?expand=x");
    const state = (await (
      await control(e, "GET", "state")
    ).json()) as EmulatorSnapshot;
    expect(state.organizations.map((o) => o.name)).toEqual(["Acme", "Globex"]);
    const { requests: log } = (await (
      await control(e, "GET", "requests")
    ).json()) as { requests: RequestLogEntry[] };
    expect(log).toHaveLength(3);
    expect(log.map((r) => [r.seq, r.method, r.status, r.write])).toEqual([
      [1, "POST", 200, true],
      [2, "POST", 200, false],
      [3, "GET", 200, false],
    ]);
    expect(log[2]!.path).toBe(
      `${new URL(e.baseUrl).pathname}organization/1?expand=x`,
    );
    expect(log[0]!.requestBytes).toBe(
      JSON.stringify({ name: "Globex" }).length,
    );
    expect(log[0]!.responseBytes).toBe(
      JSON.stringify({ id: "2", name: "Globex" }).length,
    );
    expect(log[1]!.startedAtMs).toBeGreaterThanOrEqual(log[0]!.startedAtMs);
    expect(log[0]!.durationMs).toBeGreaterThanOrEqual(0);
    expect((await control(e, "DELETE", "requests")).status).toBe(204);
    expect(e.control.requests()).toEqual([]);
    expect((await control(e, "POST", "reset")).status).toBe(204);
    expect(e.control.state().organizations.map((o) => o.name)).toEqual([
      "Acme",
    ]);
    const reseed = await control(e, "POST", "reset", {
      organizations: [{ name: "Hooli" }],
    });
    expect(reseed.status).toBe(204);
    expect(e.control.state().organizations.map((o) => o.name)).toEqual([
      "Hooli",
    ]);
    const broken = await control(e, "POST", "reset", {
      organizations: [{ nam: "x" }],
    });
    expect(broken.status).toBe(400);
    expect(e.control.state().organizations.map((o) => o.name)).toEqual([
      "Hooli",
    ]);
    expect((await control(e, "GET", "nothing")).status).toBe(404);
    expect(e.control.requests()).toEqual([]);
  });

  it("is exempt from faults, latency and rate limits", async () => {
    const e = await start({
      faults: { rate: 1, kinds: ["reset"] },
      rateLimit: { rps: 1, burst: 1 },
      latency: { fixedMs: 300 },
    });
    const started = performance.now();
    for (let i = 0; i < 5; i++) {
      expect((await control(e, "GET", "state")).status).toBe(200);
    }
    expect(performance.now() - started).toBeLessThan(300);
  });
});
