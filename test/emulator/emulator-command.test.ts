import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import { emulatorOptions } from "../../src/cli/commands/emulator.js";
import type { CliIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import {
  parseKinds,
  parseLatency,
  parsePort,
  parseRate,
  parseRps,
} from "../../src/cli/flags.js";
import { runEmulatorUntil } from "../../src/emulator/index.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));

function memoryIo(
  signals?: CliIo["signals"],
  place: Pick<CliIo, "env" | "cwd"> = { env: {}, cwd: "/tmp/rehearsal" },
): CliIo & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: { write: (chunk: string) => (out += chunk) },
    stderr: { write: (chunk: string) => (err += chunk) },
    ...place,
    ...(signals ? { signals } : {}),
    out: () => out,
    err: () => err,
  };
}

describe("orgsync emulator flags", () => {
  it("turns flags into emulator options", () => {
    expect(parsePort("0")).toBe(0);
    expect(parseLatency("20+10")).toEqual({ fixedMs: 20, jitterMs: 10 });
    expect(parseRate("0.25")).toBe(0.25);
    expect(parseKinds("500, reset,done-500")).toEqual([
      "500",
      "reset",
      "done-500",
    ]);
    expect(parseRps("50")).toBe(50);
    expect(
      emulatorOptions(
        {
          port: 0,
          host: "127.0.0.1",
          state: "site.yaml",
          persist: true,
          latency: { fixedMs: 20, jitterMs: 10 },
          faultRate: 0.25,
          faultKinds: ["500", "reset", "done-500"],
          rateLimit: 50,
          dialect: "lenient",
          predefinedFields: true,
        },
        "/tmp/rehearsal",
      ),
    ).toEqual({
      port: 0,
      host: "127.0.0.1",
      stateFile: "/tmp/rehearsal/site.yaml",
      persist: true,
      latency: { fixedMs: 20, jitterMs: 10 },
      faults: { rate: 0.25, kinds: ["500", "reset", "done-500"] },
      rateLimit: { rps: 50 },
      dialect: "lenient",
      predefinedFields: true,
    });
    expect(
      emulatorOptions(
        { port: 4010, host: "127.0.0.1", dialect: "strict", faultRate: 0.1 },
        "/",
      ).faults,
    ).toEqual({ rate: 0.1, kinds: ["500", "503"] });
  });

  it.each([
    [["--port", "70000"], /--port must be a port number/],
    [["--port", "abc"], /--port/],
    [["--latency", "fast"], /--latency must be milliseconds/],
    [["--latency", "-5"], /--latency/],
    [["--fault-rate", "1.5"], /--fault-rate must be a share from 0 to 1/],
    [
      ["--fault-rate", "0.1", "--fault-kinds", "500,teapot"],
      /--fault-kinds must list some of 500, 503, 429, reset, hang, done-500/,
    ],
    [["--fault-kinds", "500"], /--fault-kinds needs --fault-rate/],
    [
      ["--rate-limit", "0"],
      /--rate-limit must be a number of requests per second above 0/,
    ],
    [["--persist"], /--persist needs --state FILE/],
  ])("refuses %j", async (flags, message) => {
    const io = memoryIo();
    expect(await main(["emulator", ...flags], io)).toBe(1);
    expect(io.err()).toMatch(message);
    expect(io.out()).toBe("");
  });

  it("exits 1 with a clear message on a bad flag value", async () => {
    const io = memoryIo();
    expect(await main(["emulator", "--fault-rate", "2"], io)).toBe(1);
    expect(io.err()).toMatch(/error: --fault-rate must be a share from 0 to 1/);
    expect(io.err()).not.toMatch(/internal error|at /);
  });
});

describe("orgsync emulator", () => {
  it("prints ORGSYNC_BASE_URL, serves until interrupted, then returns 0", async () => {
    const interrupt = new AbortController();
    let claimed = false;
    const io = memoryIo({
      interrupt: interrupt.signal,
      abort: new AbortController().signal,
      claim: () => {
        claimed = true;
      },
    });
    const exit = main(["emulator", "--port", "0", "--latency", "1"], io);
    let baseUrl: string | undefined;
    for (let i = 0; i < 100 && !baseUrl; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      baseUrl = /^ORGSYNC_BASE_URL=(\S+)$/m.exec(io.out())?.[1];
    }
    expect(baseUrl).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/jsm\/csm\/cloudid\/.+\/api\/v1\/$/,
    );
    expect(claimed).toBe(true);
    expect(io.err()).toMatch(/export ORGSYNC_TOKEN=dev/);
    const reply = await fetch(`${baseUrl}organization/details`, {
      headers: { Authorization: "Bearer dev" },
    });
    expect(reply.status).toBe(200);
    expect(io.err()).toMatch(
      /GET \/jsm\/csm\/cloudid\/.*\/organization\/details → 200/,
    );
    expect(io.err()).not.toMatch(/Bearer dev/);
    const serviceDeskBaseUrl = /^ORGSYNC_SERVICEDESK_BASE_URL=(\S+)$/m.exec(
      io.out(),
    )?.[1];
    expect(serviceDeskBaseUrl).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/ex\/jira\/.+\/rest\/servicedeskapi\/$/,
    );
    const list = await fetch(`${serviceDeskBaseUrl}organization`, {
      headers: { Authorization: "Bearer dev" },
    });
    expect(list.status).toBe(200);
    interrupt.abort();
    expect(await exit).toBe(0);
    await expect(fetch(`${baseUrl}organization/details`)).rejects.toThrow();
  });

  it("runEmulatorUntil stops when its signal aborts", async () => {
    const controller = new AbortController();
    let origin = "";
    const done = runEmulatorUntil({ port: 0 }, controller.signal, (e) => {
      origin = e.origin;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await fetch(`${origin}/_emulator/state`)).status).toBe(200);
    controller.abort();
    await done;
    await expect(fetch(`${origin}/_emulator/state`)).rejects.toThrow();
  });

  it.each(["SIGINT", "SIGTERM"] as const)(
    "shuts down cleanly on %s as a real process",
    async (signal) => {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "src/cli/bin.ts", "emulator", "--port", "0"],
        { cwd: repo, stdio: ["ignore", "pipe", "pipe"] },
      );
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
      let err = "";
      child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
      for (let i = 0; i < 200 && !out.includes("\n"); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const baseUrl = /ORGSYNC_BASE_URL=(\S+)/.exec(out)?.[1];
      expect(baseUrl, err).toBeDefined();
      const reply = await fetch(`${baseUrl}organization/details`, {
        headers: { Authorization: "Bearer dev" },
      });
      expect(reply.status).toBe(200);
      const announced = err.length;
      child.kill(signal);
      const [code] = (await once(child, "exit")) as [number | null];
      expect(code).toBe(0);
      expect(err).toMatch(/emulator stopped/);
      // Issue 15, item 10: what it says on stopping names the signal it got; Ctrl-C only
      // to whoever pressed it.
      const onStop = err.slice(announced);
      if (signal === "SIGTERM") {
        expect(onStop).toContain(
          "SIGTERM: stopping gracefully (work in flight finishes); send SIGTERM again to stop at once",
        );
        expect(onStop).not.toMatch(/Ctrl-C/);
      } else {
        expect(onStop).toContain("Ctrl-C again to stop at once");
      }
    },
  );
});

/** Runs `orgsync emulator` until `body` is done; hands it the base URL and the output so far. */
async function withEmulatorCommand(
  argv: string[],
  place: Pick<CliIo, "env" | "cwd">,
  body: (baseUrl: string, io: { err: () => string }) => Promise<void>,
): Promise<void> {
  const interrupt = new AbortController();
  const io = memoryIo(
    {
      interrupt: interrupt.signal,
      abort: new AbortController().signal,
      claim: () => undefined,
    },
    place,
  );
  const exit = main(["emulator", "--port", "0", ...argv], io);
  let baseUrl: string | undefined;
  for (let i = 0; i < 100 && !baseUrl; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    baseUrl = /^ORGSYNC_BASE_URL=(\S+)$/m.exec(io.out())?.[1];
  }
  try {
    expect(baseUrl, io.err()).toBeDefined();
    await body(baseUrl!, io);
  } finally {
    interrupt.abort();
    expect(await exit).toBe(0);
  }
}

describe("orgsync emulator with a required token", () => {
  const SECRET = "emu-sentinel-token-5f1c9a0b7d";
  const status = async (url: string, authorization?: string) =>
    (
      await fetch(`${url}organization/details`, {
        headers: authorization === undefined ? {} : { authorization },
      })
    ).status;

  it("--token-file: only that token gets in, and the banner names the file, never the token", async () => {
    const dir = await mkdtemp(join(tmpdir(), "orgsync-emu-token-"));
    try {
      await writeFile(join(dir, "emu.token"), `${SECRET}\n`, { mode: 0o600 });
      await withEmulatorCommand(
        ["--token-file", "emu.token"],
        { env: {}, cwd: dir },
        async (url, io) => {
          expect(await status(url)).toBe(401);
          expect(await status(url, "Bearer dev")).toBe(401);
          expect(await status(url, `Bearer ${SECRET}`)).toBe(200);
          const basic = Buffer.from(`bot@acme.com:${SECRET}`).toString(
            "base64",
          );
          expect(await status(url, `Basic ${basic}`)).toBe(200);
          expect(io.err()).not.toMatch(/any token works/);
          expect(io.err()).toMatch(
            /only the token in emu\.token is accepted .*ORGSYNC_TOKEN_FILE=emu\.token/,
          );
          expect(io.err()).not.toContain(SECRET);
        },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("ORGSYNC_EMULATOR_TOKEN: only that token gets in", async () => {
    await withEmulatorCommand(
      [],
      { env: { ORGSYNC_EMULATOR_TOKEN: SECRET }, cwd: "/" },
      async (url, io) => {
        expect(await status(url, "Bearer dev")).toBe(401);
        expect(await status(url, `Bearer ${SECRET}`)).toBe(200);
        expect(io.err()).toMatch(/only the token in ORGSYNC_EMULATOR_TOKEN/);
        expect(io.err()).not.toMatch(/any token works/);
        expect(io.err()).not.toContain(SECRET);
      },
    );
  });

  it.each([
    [
      "a missing file",
      "absent.token",
      /cannot read the token file absent\.token/,
    ],
    ["an empty file", "empty.token", /the token file empty\.token is empty/],
  ])("exits 1 on %s, before listening", async (_, file, message) => {
    const dir = await mkdtemp(join(tmpdir(), "orgsync-emu-token-"));
    try {
      await writeFile(join(dir, "empty.token"), "  \n");
      const io = memoryIo(undefined, { env: {}, cwd: dir });
      expect(
        await main(["emulator", "--port", "0", "--token-file", file], io),
      ).toBe(1);
      expect(io.err()).toMatch(message);
      expect(io.out()).toBe("");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
