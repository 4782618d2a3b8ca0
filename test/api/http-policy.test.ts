import { afterEach, describe, expect, it } from "vitest";

import {
  createClient,
  resolveBaseUrl,
  type GateOutcome,
  type RequestGate,
} from "../../src/api/index.js";
import { startScriptedServer } from "./helpers/scripted-server.js";

let server: Awaited<ReturnType<typeof startScriptedServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("one HTTP policy", () => {
  it("lets ClientOptions.gate replace the AIMD gate: every attempt passes it and reports its answer", async () => {
    server = await startScriptedServer([
      { status: 429, headers: { "retry-after": "0" } },
      { status: 200, body: { results: [] } },
    ]);
    const outcomes: GateOutcome[] = [];
    const gate: RequestGate = {
      acquire: () =>
        Promise.resolve({
          startedAt: Date.now(),
          release: (outcome) => outcomes.push(outcome),
        }),
    };
    const client = createClient({
      baseUrl: server.baseUrl,
      auth: { kind: "bearer", token: "t" },
      gate,
    });
    await expect(client.listDetailFields()).resolves.toEqual([]);
    expect(outcomes).toEqual([
      {
        kind: "rate-limited",
        resumeAt: expect.any(Number) as number,
        label: "GET organization/details",
      },
      { kind: "success", nearLimit: false },
    ]);
  });

  it("stops a backoff wait at once when the signal aborts, with the signal's reason", async () => {
    server = await startScriptedServer([{ status: 503 }]);
    const client = createClient({
      baseUrl: server.baseUrl,
      auth: { kind: "bearer", token: "t" },
      retry: { baseDelayMs: 20_000, maxDelayMs: 20_000 },
    });
    const controller = new AbortController();
    const reason = new Error("user pressed Ctrl-C");
    setTimeout(() => controller.abort(reason), 200);
    const started = Date.now();
    await expect(
      client.listDetailFields({ signal: controller.signal }),
    ).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(server.seen).toHaveLength(1);
  });

  it("looks up a site's cloud id on the same policy: an oversized answer is refused unread", async () => {
    server = await startScriptedServer([
      { status: 200, body: { cloudId: "abc", padding: "x".repeat(1 << 20) } },
    ]);
    const origin = new URL(server.baseUrl).origin;
    await expect(
      resolveBaseUrl({ site: "acme" }, { tenantInfoOrigin: origin }),
    ).rejects.toMatchObject({
      code: "E_SITE_LOOKUP",
      message: expect.stringContaining("answer over 65536 bytes") as string,
    });
    expect(server.seen.map((r) => r.url)).toEqual(["/_edge/tenant_info"]);
  });
});
