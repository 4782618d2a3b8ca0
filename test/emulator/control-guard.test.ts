/**
 * Issue 13, finding 11: the control endpoint (`/_emulator/…`) reset the state on a
 * `text/plain` POST from any origin, and answered any Host (DNS rebinding). Control calls
 * now need an allowed Host, no foreign Origin, and JSON for anything that changes state.
 */
import { request as httpRequest } from "node:http";

import { afterEach, describe, expect, it } from "vitest";

import { runCli } from "../cli/helpers/run-cli.js";
import {
  startEmulator,
  type RunningEmulator,
} from "../../src/emulator/index.js";

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** One raw HTTP call, with exactly these headers (fetch would not send a forged Host). */
function send(
  origin: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const call = httpRequest(
      `${origin}${path}`,
      { method, headers, setHost: !("host" in headers) },
      (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString()));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, text }),
        );
      },
    );
    call.on("error", reject);
    call.end(body);
  });
}

const SEED = { fields: [{ name: "Region", type: "TEXT" as const }] };

async function stateAfter(
  e: RunningEmulator,
  attack: () => Promise<{ status: number; text: string }>,
): Promise<{ status: number; text: string; fields: number }> {
  const answer = await attack();
  return { ...answer, fields: e.control.state().fields.length };
}

describe("the control endpoint", () => {
  it("refuses a cross-site text/plain reset, and a foreign Origin even with JSON", async () => {
    const e = (emulator = await startEmulator({ quiet: true, seed: SEED }));
    await e.control.reset({ fields: [] });
    const plain = await stateAfter(e, () =>
      send(e.origin, "POST", "/_emulator/reset", {
        "content-type": "text/plain",
        origin: "https://evil.example",
      }),
    );
    expect(plain.status).toBe(403);
    expect(plain.fields).toBe(0);
    const foreign = await send(
      e.origin,
      "PUT",
      "/_emulator/config",
      { "content-type": "application/json", origin: "http://localhost:3000" },
      '{"readOnly":true}',
    );
    expect(foreign.status).toBe(403);
    expect(foreign.text).toContain("refused from another origin");
    expect(e.control.settings().readOnly).toBe(false);
    // Without an Origin (a script, curl), text/plain is still not JSON.
    const noJson = await send(e.origin, "POST", "/_emulator/reset", {
      "content-type": "text/plain",
    });
    expect(noJson.status).toBe(415);
    expect(e.control.state().fields).toHaveLength(0);
    // The same call as JSON from the emulator's own origin works.
    const own = await send(e.origin, "POST", "/_emulator/reset", {
      "content-type": "application/json",
      origin: e.origin,
    });
    expect(own.status).toBe(204);
    expect(e.control.state().fields).toHaveLength(1);
  });

  it("refuses a Host it is not bound to (DNS rebinding), and answers --allow-host names", async () => {
    const e = (emulator = await startEmulator({
      quiet: true,
      seed: SEED,
      allowHosts: ["emulator"],
    }));
    const port = new URL(e.origin).port;
    const rebound = await send(e.origin, "GET", "/_emulator/state", {
      host: `rebind.evil.example:${port}`,
    });
    expect(rebound.status).toBe(403);
    expect(rebound.text).toContain("--allow-host");
    expect(rebound.text).not.toContain("Region");
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, "emulator"])
      expect(
        (await send(e.origin, "GET", "/_emulator/state", { host })).status,
        host,
      ).toBe(200);
    // The API itself is unchanged: it needs its token, whatever the Host.
    expect(
      (
        await send(e.origin, "GET", "/_edge/tenant_info", {
          host: "emulator",
        })
      ).status,
    ).toBe(200);
  });

  it("warns when the CLI binds beyond loopback, and takes --allow-host", async () => {
    let out = "";
    let err = "";
    const stop = new AbortController();
    const exit = runCli(
      [
        "emulator",
        "--port",
        "0",
        "--host",
        "0.0.0.0",
        "--allow-host",
        "orgsync-emulator",
      ],
      {
        onOutput: (stream, text) => {
          if (stream === "stdout") out = text;
          else err = text;
        },
        env: {},
        cwd: process.cwd(),
        signals: {
          interrupt: stop.signal,
          abort: new AbortController().signal,
          claim: () => undefined,
        },
      },
    );
    let baseUrl: string | undefined;
    for (let i = 0; i < 100 && !baseUrl; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      baseUrl = /^ORGSYNC_BASE_URL=(\S+)$/m.exec(out)?.[1];
    }
    expect(err).toMatch(
      /^warning: listening on 0\.0\.0\.0, beyond this machine: anyone who can reach it can read, reconfigure and reset/m,
    );
    const origin = new URL(baseUrl!).origin.replace("0.0.0.0", "127.0.0.1");
    expect(
      (
        await send(origin, "GET", "/_emulator/config", {
          host: "orgsync-emulator:4010",
        })
      ).status,
    ).toBe(200);
    stop.abort();
    expect((await exit).code).toBe(0);
  });
});
