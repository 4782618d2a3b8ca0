import { execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { connectFromCli } from "../../src/cli/connection.js";
import type { CliIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import {
  startEmulator,
  type RunningEmulator,
} from "../../src/emulator/index.js";

const SENTINEL = "SENTINEL-4b1e-cli-token-value";

function ioWith(
  env: Record<string, string>,
  cwd = process.cwd(),
): CliIo & {
  err: () => string;
} {
  let err = "";
  return {
    stdout: { write: () => true },
    stderr: {
      write: (chunk: string) => {
        err += chunk;
        return true;
      },
    },
    env,
    cwd,
    err: () => err,
  };
}

describe("connectFromCli", () => {
  let emu: RunningEmulator;
  let dir: string;

  beforeAll(async () => {
    emu = await startEmulator({
      quiet: true,
      token: SENTINEL,
      seed: { fields: [{ name: "Region", type: "TEXT" }] },
    });
    dir = mkdtempSync(join(tmpdir(), "orgsync-connection-"));
  });
  afterAll(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("connects from the environment and logs with --debug, never the token", async () => {
    const io = ioWith({
      ORGSYNC_BASE_URL: emu.baseUrl,
      ORGSYNC_TOKEN: SENTINEL,
    });
    const { client, baseUrl, concurrency } = await connectFromCli(
      { debug: true, concurrency: 3 },
      io,
    );
    expect(baseUrl).toBe(emu.baseUrl);
    expect(concurrency).toBe(3);
    expect((await client.listDetailFields()).map((f) => f.name)).toEqual([
      "Region",
    ]);
    expect(io.err()).toContain(
      `debug: connecting to ${emu.baseUrl} (Bearer: ORGSYNC_TOKEN)`,
    );
    expect(io.err()).toMatch(/debug: http: GET organization\/details → 200/);
    expect(io.err()).not.toContain(SENTINEL);
  });

  it("is silent without --debug", async () => {
    const io = ioWith({
      ORGSYNC_BASE_URL: emu.baseUrl,
      ORGSYNC_TOKEN: SENTINEL,
    });
    const { client } = await connectFromCli({}, io);
    await client.listDetailFields();
    expect(io.err()).toBe("");
  });

  it("reads the token from a file relative to the working directory, warning when others may read it", async () => {
    writeFileSync(join(dir, "token"), `${SENTINEL}\n`);
    chmodSync(join(dir, "token"), 0o644);
    const io = ioWith({ ORGSYNC_BASE_URL: emu.baseUrl }, dir);
    const { client } = await connectFromCli({ tokenFile: "token" }, io);
    await client.listDetailFields();
    expect(io.err()).toMatch(
      /^warning: the token file token is open to every user of this machine \(mode 644\)/,
    );
    chmodSync(join(dir, "token"), 0o600);
    const quiet = ioWith({
      ORGSYNC_TOKEN_FILE: join(dir, "token"),
      ORGSYNC_BASE_URL: emu.baseUrl,
    });
    await (await connectFromCli({}, quiet)).client.listDetailFields();
    expect(quiet.err()).toBe("");
  });

  // Issue 13, finding 10.
  it("warns about a token file its group may read (640)", async () => {
    writeFileSync(join(dir, "group-token"), `${SENTINEL}\n`);
    chmodSync(join(dir, "group-token"), 0o640);
    const io = ioWith({ ORGSYNC_BASE_URL: emu.baseUrl }, dir);
    await connectFromCli({ tokenFile: "group-token" }, io);
    expect(io.err()).toBe(
      "warning: the token file group-token is open to its group (mode 640); chmod 600 it\n",
    );
  });

  // Issue 13, finding 7: a token file may be a pipe, and is read with a byte cap.
  it("reads the token from a pipe, and refuses a token file past 64 KiB", async () => {
    const fifo = join(dir, "token-pipe");
    execFileSync("mkfifo", [fifo]);
    const writer = spawn("sh", ["-c", `printf '%s\\n' "$T" > "$F"`], {
      env: { ...process.env, T: SENTINEL, F: fifo },
    });
    const written = new Promise((done) => writer.once("exit", done));
    const io = ioWith({ ORGSYNC_BASE_URL: emu.baseUrl }, dir);
    const { client } = await connectFromCli({ tokenFile: fifo }, io);
    await client.listDetailFields();
    await written;
    expect(io.err()).toBe("");

    writeFileSync(join(dir, "huge-token"), "a".repeat(100_000));
    chmodSync(join(dir, "huge-token"), 0o600);
    await expect(
      connectFromCli({ tokenFile: "huge-token" }, ioWith({}, dir)),
    ).rejects.toThrow("the token file huge-token holds more than 65,536 bytes");
  });

  // Issue 13, finding 12 (token half).
  it("refuses a token with a line break inside before sending anything", async () => {
    emu.control.clearRequests();
    const started = Date.now();
    await expect(
      connectFromCli(
        {},
        ioWith({
          ORGSYNC_BASE_URL: emu.baseUrl,
          ORGSYNC_TOKEN: `${SENTINEL}\nsecond-line`,
        }),
      ).then(({ client }) => client.listDetailFields()),
    ).rejects.toThrow(
      `the Bearer token has a line break at character ${SENTINEL.length + 1}`,
    );
    expect(emu.control.requests()).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("looks up the cloud id of --site", async () => {
    const io = ioWith({
      ORGSYNC_TOKEN: SENTINEL,
      ORGSYNC_BASE_URL: "http://127.0.0.1:1/api/v1/",
    });
    const { baseUrl } = await connectFromCli({ site: "acme" }, io, {
      tenantInfoOrigin: emu.origin,
    });
    // Flags replace the environment's choice of site as a whole.
    expect(baseUrl).toBe(
      `https://api.atlassian.com/jsm/csm/cloudid/${emu.cloudId}/api/v1/`,
    );
  });

  it("says which variables to set when something is missing or wrong", async () => {
    await expect(
      connectFromCli({}, ioWith({ ORGSYNC_BASE_URL: emu.baseUrl })),
    ).rejects.toMatchObject({
      code: "E_USAGE",
      hint: expect.stringMatching(
        /ORGSYNC_TOKEN.*ORGSYNC_EMAIL.*ORGSYNC_API_TOKEN/,
      ),
    });
    await expect(
      connectFromCli({}, ioWith({ ORGSYNC_TOKEN: SENTINEL })),
    ).rejects.toMatchObject({
      code: "E_USAGE",
      hint: expect.stringMatching(/ORGSYNC_BASE_URL.*ORGSYNC_CLOUD_ID.*--site/),
    });
  });

  it.each([
    [["--timeout", "soon"], /error: --timeout must be a whole number above 0/],
    [["--concurrency", "0"], /error: --concurrency must be a whole number/],
    [["--concurrency", "65"], /error: --concurrency 65 is too high/],
    [["--record", " "], /error: --record needs a file name/],
  ])("refuses %j before reading anything", async (flags, message) => {
    const env = { ORGSYNC_TOKEN: SENTINEL, ORGSYNC_BASE_URL: emu.baseUrl };
    const io = ioWith(env, dir);
    const before = emu.control.requests().length;
    expect(await main(["plan", "missing-dir", ...flags], io)).toBe(1);
    expect(io.err()).toMatch(message);
    expect(emu.control.requests()).toHaveLength(before);
  });

  it("warns when credentials would travel over plain http to another host", async () => {
    const io = ioWith({
      ORGSYNC_TOKEN: SENTINEL,
      ORGSYNC_BASE_URL: "http://proxy.example/api/v1/",
    });
    await connectFromCli({}, io);
    expect(io.err()).toContain("warning: http://proxy.example is plain http");
  });

  it("applies --timeout to each request", async () => {
    const hanging = await startEmulator({
      quiet: true,
      hangMs: 3000,
      seed: { fields: [{ name: "Region", type: "TEXT" }] },
      faults: { rate: 0, kinds: ["hang"], count: 1 },
    });
    try {
      const io = ioWith({
        ORGSYNC_TOKEN: SENTINEL,
        ORGSYNC_BASE_URL: hanging.baseUrl,
      });
      const { client } = await connectFromCli(
        { timeout: 100, debug: true },
        io,
      );
      const started = Date.now();
      expect(await client.listDetailFields()).toHaveLength(1);
      // Without --timeout the first attempt would hang until the emulator drops it (3 s).
      expect(Date.now() - started).toBeLessThan(2000);
      expect(io.err()).toContain("no answer within 100 ms");
    } finally {
      await hanging.close();
    }
  });
});
