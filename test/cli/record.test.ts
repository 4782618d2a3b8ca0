/**
 * `--record FILE` on the commands that talk to a site: the HTTP exchange as JSON lines, mode
 * 0600, credentials and cookies gone, and complete enough that replaying it gives the same
 * plan.
 */
import { readFile, stat, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import type { EmulatorSeed } from "../../src/emulator/index.js";
import { startCliRig, type CliRig } from "./helpers/cli-rig.js";
import {
  parseRecording,
  startReplayServer,
  type ReplayServer,
} from "./helpers/replay-server.js";

const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));

async function exampleSeed(): Promise<EmulatorSeed> {
  return JSON.parse(
    await readFile(join(EXAMPLES, "emulator-seed.json"), "utf8"),
  ) as EmulatorSeed;
}

/** The plan without what differs between two runs of it (the time, the site's address). */
function comparable(json: string): unknown {
  const {
    createdAt: _,
    target: __,
    ...rest
  } = JSON.parse(json) as Record<string, unknown>;
  return rest;
}

let rig: CliRig | undefined;
let replay: ReplayServer | undefined;
afterEach(async () => {
  await rig?.close();
  await replay?.close();
  rig = replay = undefined;
});

describe("--record FILE", () => {
  it("records every exchange, and replaying the recording (matched by request, not order) gives the same plan", async () => {
    rig = await startCliRig(await exampleSeed(), {});
    const manifests = join(EXAMPLES, "orgsync");
    const live = await rig.run([
      "plan",
      manifests,
      "--format",
      "json",
      "--concurrency",
      "8",
      "--record",
      "plan.jsonl",
    ]);
    expect(live.code, live.stderr).toBe(0);
    const exchanges = parseRecording(
      await readFile(join(rig.dir, "plan.jsonl"), "utf8"),
    );
    expect(exchanges).toHaveLength(rig.emu.control.requests().length);
    expect(exchanges.map((e) => `${e.method} ${e.status}`)).toEqual(
      expect.arrayContaining([
        "GET 200",
        "POST 200", // the profile fetches
      ]),
    );
    const fetch = exchanges.find((e) => e.url.endsWith("profile/fetch"))!;
    expect(fetch).toMatchObject({
      method: "POST",
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/.*\/api\/v1\//),
      requestHeaders: { "x-experimentalapi": "opt-in" },
      responseHeaders: { "content-type": expect.stringMatching(/json/) },
    });
    expect(JSON.parse(fetch.requestBody!)).toHaveProperty("organizationNames");
    expect(JSON.parse(fetch.responseBody!)).toHaveProperty("profiles");
    expect(fetch.durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(fetch.at)).not.toBeNaN();

    // The replay server knows nothing but the recording; the emulator is gone.
    replay = await startReplayServer(exchanges);
    const root = new URL(rig.emu.baseUrl).pathname;
    await rig.emu.close();
    const replayed = await rig.run(
      ["plan", manifests, "--format", "json", "--concurrency", "8"],
      { env: { ORGSYNC_BASE_URL: `${replay.origin}${root}` } },
    );
    expect(replay.unmatched).toEqual([]);
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(comparable(replayed.stdout)).toEqual(comparable(live.stdout));
    expect(comparable(live.stdout)).toMatchObject({
      summary: expect.objectContaining({ create: expect.any(Number) }),
    });
  });

  it.each([
    [
      "a Bearer token",
      { ORGSYNC_TOKEN: "SENTINEL-bearer-7c1d93e2f0a4b8" },
      "SENTINEL-bearer-7c1d93e2f0a4b8",
    ],
    [
      "an email and API token",
      {
        ORGSYNC_EMAIL: "bot@acme.example",
        ORGSYNC_API_TOKEN: "SENTINEL-basic-0e5f27a9c6d1b3",
      },
      "SENTINEL-basic-0e5f27a9c6d1b3",
    ],
  ])(
    "holds no credential and no cookie with %s, even when the server sets cookies and echoes the credentials",
    async (_, credentials, secret) => {
      rig = await startCliRig(await exampleSeed(), {}, { token: secret });
      const manifests = join(EXAMPLES, "orgsync");
      // The rig's own Bearer token is blanked, so that Basic is what gets sent.
      const env: Record<string, string> = { ORGSYNC_TOKEN: "", ...credentials };
      const first = await rig.run(
        ["plan", manifests, "--record", "first.jsonl"],
        { env },
      );
      expect(first.code, first.stderr).toBe(0);
      const recorded = parseRecording(
        await readFile(join(rig.dir, "first.jsonl"), "utf8"),
      );
      // Again through a server that sets a cookie and echoes the Authorization header back.
      replay = await startReplayServer(recorded, (request) => ({
        "set-cookie": "session=SENTINEL-cookie-91ab; HttpOnly",
        "x-echo-authorization": request.headers.authorization ?? "",
      }));
      const root = new URL(rig.emu.baseUrl).pathname;
      const second = await rig.run(
        ["plan", manifests, "--record", "second.jsonl", "--debug"],
        { env: { ...env, ORGSYNC_BASE_URL: `${replay.origin}${root}` } },
      );
      expect(second.code, second.stderr).toBe(0);
      expect(first.stderr + second.stderr).not.toContain(secret);
      const basic = Buffer.from(`bot@acme.example:${secret}`).toString(
        "base64",
      );
      for (const file of ["first.jsonl", "second.jsonl"]) {
        const text = await readFile(join(rig.dir, file), "utf8");
        expect(parseRecording(text).length).toBeGreaterThan(1);
        expect(text).not.toContain(secret);
        expect(text).not.toContain(basic);
        expect(text).not.toMatch(/SENTINEL-cookie/);
        expect(text).not.toMatch(/"(authorization|cookie|set-cookie)"/i);
      }
      const echoed = parseRecording(
        await readFile(join(rig.dir, "second.jsonl"), "utf8"),
      )[0]!;
      expect(echoed.responseHeaders["x-echo-authorization"]).toBe("[redacted]");
    },
  );

  it("creates the file readable by its owner only, even over a world-readable one", async () => {
    rig = await startCliRig({}, {});
    await writeFile(join(rig.dir, "old.jsonl"), "old\n", { mode: 0o644 });
    const run = await rig.run([
      "export",
      "--fields-only",
      "--out",
      "out",
      "--record",
      "old.jsonl",
    ]);
    expect(run.code, run.stderr).toBe(0);
    const file = join(rig.dir, "old.jsonl");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, "utf8");
    expect(text).not.toMatch(/^old$/m);
    // The organization, entitlement and customer fields: one GET each.
    expect(parseRecording(text).map((e) => e.method)).toEqual([
      "GET",
      "GET",
      "GET",
    ]);
  });

  it.each([
    ["plan", ["plan", "."]],
    ["apply", ["apply", ".", "--auto-approve"]],
    ["drift", ["drift", "."]],
    ["export", ["export", "--org", "Acme Corp", "--out", "out"]],
  ])("works on %s", async (_, argv) => {
    rig = await startCliRig(
      { organizations: [{ name: "Acme Corp" }] },
      {
        "acme.yaml":
          "apiVersion: orgsync/v1\nkind: Organization\nname: Acme Corp\n",
      },
    );
    const run = await rig.run([...argv, "--record", "run.jsonl"]);
    expect(run.code, run.stderr).toBe(0);
    const recorded = parseRecording(
      await readFile(join(rig.dir, "run.jsonl"), "utf8"),
    );
    expect(recorded.length).toBe(rig.emu.control.requests().length);
    expect(recorded.every((e) => e.status === 200)).toBe(true);
  });

  it("warns in every command's help that the bodies hold customer data", async () => {
    rig = await startCliRig({}, {});
    for (const command of ["plan", "apply", "drift", "export", "doctor"]) {
      const help = await rig.run([command, "--help"]);
      expect(help.stdout.replace(/\s+/g, " ")).toMatch(
        /--record <file> .*credentials and cookies removed; the bodies hold customer data/,
      );
    }
  });

  it("refuses a file it cannot create, before any request", async () => {
    rig = await startCliRig(
      {},
      {
        "acme.yaml": "apiVersion: orgsync/v1\nkind: DetailFields\nfields: []\n",
      },
    );
    const run = await rig.run([
      "plan",
      ".",
      "--record",
      "no/such/dir/run.jsonl",
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /error: cannot create the --record file no\/such\/dir\/run\.jsonl \(ENOENT\)/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(rig.emu.control.requests()).toEqual([]);
  });
});
