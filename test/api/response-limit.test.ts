/**
 * Issue 13, finding 8: an answer is read up to a documented cap (32 MiB), so an endless 200
 * body fails its call cleanly instead of filling memory (it reached 15 GB before).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterEach, describe, expect, it } from "vitest";

import {
  CLIENT_DEFAULTS,
  createClient,
  ResponseTooLargeError,
} from "../../src/api/index.js";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((done) => server?.close(done) ?? done(undefined));
  server = undefined;
});

/** A loopback server whose answer never ends (or claims a huge length). */
async function endless(
  headers: Record<string, string> = {},
): Promise<{ baseUrl: string; sent: () => number }> {
  let sent = 0;
  const chunk = Buffer.alloc(256 * 1024, "[");
  server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json", ...headers });
    const pump = (): void => {
      while (!response.destroyed && response.write(chunk)) sent += chunk.length;
      if (!response.destroyed) response.once("drain", pump);
    };
    pump();
  });
  await new Promise<void>((done) => server!.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}/api/v1/`, sent: () => sent };
}

describe("an answer's size", () => {
  it("is capped at 32 MiB by default: an endless body fails the call, not retried", async () => {
    expect(CLIENT_DEFAULTS.maxResponseBytes).toBe(32 * 1024 * 1024);
    const site = await endless();
    const client = createClient({
      baseUrl: site.baseUrl,
      auth: { kind: "bearer", token: "t" },
    });
    const started = Date.now();
    const error = await client.listDetailFields().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).code).toBe("E_API_TOO_LARGE");
    expect((error as Error).message).toBe(
      "GET organization/details answered with more than 33,554,432 bytes; orgsync stopped reading it",
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    // The server was not read much past the cap (socket buffers aside).
    expect(site.sent()).toBeLessThan(64 * 1024 * 1024);
  }, 30_000);

  it("fails at once when the declared length is past the cap", async () => {
    const site = await endless({ "content-length": String(10 * 1024 * 1024) });
    const client = createClient({
      baseUrl: site.baseUrl,
      auth: { kind: "bearer", token: "t" },
      maxResponseBytes: 1024 * 1024,
    });
    await expect(client.listDetailFields()).rejects.toThrow(
      "GET organization/details answered with more than 1,048,576 bytes",
    );
  });
});
