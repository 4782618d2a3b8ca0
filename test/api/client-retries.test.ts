import { afterEach, describe, expect, it } from "vitest";

import {
  ApiError,
  createClient,
  NetworkError,
  UnknownOutcomeError,
} from "../../src/api/index.js";
import type { EmulatorSeed } from "../../src/emulator/index.js";
import { readOrganizations } from "../../src/live/index.js";
import { startRig, type Rig } from "./helpers/emulator-client.js";
import { startScriptedServer } from "./helpers/scripted-server.js";

const orgNames = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `Org ${String(i).padStart(4, "0")}`);
const seedOf = (n: number): EmulatorSeed => ({
  fields: [{ name: "Region", type: "SELECT", options: ["EU", "US"] }],
  organizations: orgNames(n).map((name) => ({
    name,
    details: { Region: "EU" },
  })),
});

let rig: Rig | undefined;
/** An injected clock whose sleeps take no time: each wait is recorded and moves it on. */
function fakeClock(waits: number[]): {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
} {
  let time = Date.now();
  return {
    now: () => time,
    sleep: (ms) => {
      waits.push(ms);
      time += ms;
      return Promise.resolve();
    },
  };
}

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

// Issue 13, finding 6: a Retry-After longer than the retry budget fails that call at once,
// and pauses the other calls no longer than the budget.
describe("a Retry-After of a day", () => {
  it("fails the call that got it with a clear error, and does not freeze the others", async () => {
    const server = await startScriptedServer([
      {
        status: 429,
        headers: { "retry-after": "86400", "content-type": "text/html" },
        body: "<html>The request has been rate-limited.</html>",
      },
      { status: 200, body: { results: [] } },
    ]);
    try {
      const lines: string[] = [];
      // The injected clock: every wait the client asks for, taken at once.
      const waits: number[] = [];
      const client = createClient({
        baseUrl: server.baseUrl,
        auth: { kind: "bearer", token: "t" },
        retry: { maxTotalWaitMs: 300 },
        logger: (line) => lines.push(line),
        ...fakeClock(waits),
      });
      const error = await client.listDetailFields().then(
        () => undefined,
        (e: unknown) => e,
      );
      // The call that was told to wait a day failed without waiting at all…
      expect(waits).toEqual([]);
      // …and the next call waits out the capped pause only.
      await expect(client.listDetailFields()).resolves.toEqual([]);
      expect(waits.length).toBeGreaterThan(0);
      expect(Math.max(...waits)).toBeLessThanOrEqual(300);
      expect(lines.join("\n")).toContain(
        "paused 0.3s (capped: the server asked for 86400.0s)",
      );
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(429);
      expect((error as ApiError).message).toBe(
        "GET organization/details answered 429 Too Many Requests and asked to wait 86,400 s before another request, longer than orgsync waits (1 s) (the site said: The request has been rate-limited.)",
      );
    } finally {
      await server.close();
    }
  }, 10_000);
});

describe("reads under faults", () => {
  it("complete through a 429 storm, and the gate pauses every worker until the reset", async () => {
    rig = await startRig(
      { seed: seedOf(600), rateLimit: { rps: 20, burst: 4 } },
      { concurrency: 8 },
    );
    const live = await readOrganizations(rig.client, { names: orgNames(600) });
    expect(live).toHaveLength(600);

    const log = rig.requests();
    const limited = log.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(log.filter((r) => r.status === 200)).toHaveLength(24);
    // After a 429 was sent (Retry-After ≥ 1 s), no request may START until the reset. The
    // slack covers requests the client sent before it had read the 429: client and emulator
    // share one event loop here, so those can reach the emulator a little later. Without
    // the gate, the other workers would start their next batches within milliseconds.
    const slack = 200;
    for (const hit of limited) {
      const sentAt = hit.startedAtMs + hit.durationMs;
      const early = log.filter(
        (r) =>
          r.startedAtMs > sentAt + slack &&
          r.startedAtMs < sentAt + 1000 - slack,
      );
      expect(early.map((r) => r.seq)).toEqual([]);
    }
    expect(
      rig.lines.some((l) =>
        /^rate-limit: paused 1\.0s after 429 on POST organization\/profile\/fetch; concurrency 8 → 4$/.test(
          l,
        ),
      ),
    ).toBe(true);
  });

  it("honour Retry-After on a 503", async () => {
    rig = await startRig(
      {
        seed: seedOf(1),
        faults: { rate: 0, kinds: ["503"], count: 1, retryAfterSeconds: 1 },
      },
      // Without Retry-After the backoff would be 0 ms.
      { random: () => 0 },
    );
    const fields = await rig.client.listDetailFields();
    expect(fields.map((f) => f.name)).toEqual(["Region"]);
    const [first, second] = rig.requests();
    expect([first?.status, second?.status]).toEqual([503, 200]);
    expect(
      second!.startedAtMs - (first!.startedAtMs + first!.durationMs),
    ).toBeGreaterThanOrEqual(990);
  });

  it("retry after a reset and after a hang (response timeout)", async () => {
    rig = await startRig(
      {
        seed: seedOf(30),
        hangMs: 5000,
        faults: { rate: 0, kinds: ["reset", "hang"], count: 2 },
      },
      { timeouts: { responseMs: 300 } },
    );
    const started = Date.now();
    const live = await readOrganizations(rig.client, { names: orgNames(30) });
    expect(live).toHaveLength(30);
    expect(Date.now() - started).toBeLessThan(4000);
    const faults = rig.requests().map((r) => r.fault ?? r.status);
    expect(faults.filter((f) => f === "reset" || f === "hang")).toHaveLength(2);
    expect(rig.lines.some((l) => l.includes("the connection was reset"))).toBe(
      true,
    );
    expect(rig.lines.some((l) => l.includes("no answer within 300 ms"))).toBe(
      true,
    );
  });

  it("give up after maxAttempts with the last status and a hint", async () => {
    rig = await startRig(
      { seed: seedOf(1), faults: { rate: 1, kinds: ["500"] } },
      { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } },
    );
    const error = (await rig.client
      .listDetailFields()
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 500, attempts: 3 });
    expect(error.hint).toMatch(/on all 3 attempts/);
    expect(rig.requests()).toHaveLength(3);
  });

  it("give up rather than wait past maxTotalWaitMs", async () => {
    const waits: number[] = [];
    rig = await startRig(
      {
        seed: seedOf(1),
        faults: { rate: 1, kinds: ["503"], retryAfterSeconds: 5 },
      },
      {
        retry: { maxTotalWaitMs: 2000 },
        ...fakeClock(waits),
      },
    );
    await expect(rig.client.listDetailFields()).rejects.toMatchObject({
      status: 503,
      attempts: 1,
    });
    // Asked to wait 5 s with a 2 s budget: it gives up without waiting.
    expect(waits).toEqual([]);
  });

  it("raise a NetworkError when nothing listens", async () => {
    const server = await startScriptedServer([{ status: 200 }]);
    const baseUrl = server.baseUrl;
    await server.close();
    const { createClient } = await import("../../src/api/index.js");
    const client = createClient({
      baseUrl,
      auth: { kind: "bearer", token: "tok" },
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    });
    await expect(client.listDetailFields()).rejects.toMatchObject({
      code: "E_NETWORK",
      kind: "refused",
      attempts: 2,
    });
    await expect(client.listDetailFields()).rejects.toBeInstanceOf(
      NetworkError,
    );
  });

  it("stop at once when the signal aborts", async () => {
    rig = await startRig({ seed: seedOf(1), latency: { fixedMs: 2000 } });
    const controller = new AbortController();
    const reason = new Error("user pressed Ctrl-C");
    setTimeout(() => controller.abort(reason), 100);
    const started = Date.now();
    await expect(
      rig.client.listDetailFields({ signal: controller.signal }),
    ).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe("creates", () => {
  it("surface an unknown outcome (done-500) as UnknownOutcomeError, never re-sent; a re-read finds exactly one", async () => {
    rig = await startRig({
      seed: seedOf(0),
      faults: {
        rate: 0,
        kinds: ["done-500"],
        count: 1,
        methods: ["POST"],
        pathIncludes: "organization/profile",
      },
    });
    const error = (await rig.client
      .createProfile({
        name: "Acme",
        details: [{ name: "Region", values: ["US"] }],
      })
      .catch((e: unknown) => e)) as UnknownOutcomeError;
    expect(error).toBeInstanceOf(UnknownOutcomeError);
    expect(error).toMatchObject({
      code: "E_UNKNOWN_OUTCOME",
      method: "POST",
      path: "organization/profile",
      reason: "server-error",
      status: 500,
      subjectName: "Acme",
    });
    expect(error.message).toMatch(
      /"Acme" may or may not have been carried out/,
    );
    expect(
      rig.requests().filter((r) => r.call === "POST organization/profile"),
    ).toHaveLength(1);

    const found = await readOrganizations(rig.client, { names: ["acme"] });
    expect(found.map((o) => o.name)).toEqual(["Acme"]);
    expect(rig.emu.control.state().organizations).toHaveLength(1);
  });

  it.each([
    ["reset", "reset"],
    ["hang", "timeout"],
    ["503", "server-error"],
  ] as const)(
    "treat a %s after sending as an unknown outcome",
    async (kind, reason) => {
      rig = await startRig(
        {
          seed: seedOf(0),
          hangMs: 3000,
          faults: { rate: 0, kinds: [kind], count: 1, methods: ["POST"] },
        },
        { timeouts: { responseMs: 300 } },
      );
      await expect(rig.client.createOrganization("Acme")).rejects.toMatchObject(
        {
          code: "E_UNKNOWN_OUTCOME",
          reason,
        },
      );
      expect(rig.requests()).toHaveLength(1);
    },
  );

  it("treat an abort while waiting for the answer as an unknown outcome", async () => {
    rig = await startRig({ seed: seedOf(0), latency: { fixedMs: 500 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("second Ctrl-C")), 100);
    await expect(
      rig.client.createOrganization("Acme", { signal: controller.signal }),
    ).rejects.toMatchObject({ code: "E_UNKNOWN_OUTCOME", reason: "aborted" });
  });

  it("are re-sent after a 429 (the rate limiter turned them away before they ran)", async () => {
    rig = await startRig({
      seed: seedOf(0),
      faults: {
        rate: 0,
        kinds: ["429"],
        count: 1,
        methods: ["POST"],
        retryAfterSeconds: 1,
      },
    });
    const ref = await rig.client.createOrganization("Acme");
    expect(ref.name).toBe("Acme");
    expect(rig.requests().map((r) => r.status)).toEqual([429, 200]);
    expect(rig.emu.control.state().organizations).toHaveLength(1);
  });

  it("fail definitely on a 4xx, without a retry", async () => {
    rig = await startRig({ seed: seedOf(1) });
    await expect(
      rig.client.createOrganization("Org 0000"),
    ).rejects.toBeInstanceOf(ApiError);
    expect(rig.requests()).toHaveLength(1);
  });
});

describe("deletes", () => {
  it("take a 404 after an unanswered attempt as done", async () => {
    rig = await startRig({
      seed: seedOf(1),
      faults: { rate: 0, kinds: ["done-500"], count: 1, methods: ["DELETE"] },
    });
    const [org] = rig.emu.control.state().organizations;
    await rig.client.deleteOrganization(org!.id);
    expect(rig.requests().map((r) => r.status)).toEqual([500, 404]);
    expect(rig.emu.control.state().organizations).toHaveLength(0);
  });

  it("still report a 404 on the first attempt", async () => {
    rig = await startRig({ seed: seedOf(0) });
    await expect(rig.client.deleteOrganization("12345")).rejects.toMatchObject({
      status: 404,
    });
  });
});
