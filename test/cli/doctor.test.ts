/**
 * `orgsync doctor` through the CLI against the real emulator: all ✓ on a good site with zero
 * writes, and each way a first connection goes wrong named with its fix (exit 1).
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import type { RecordedExchange } from "../../src/api/index.js";
import { DOCTOR_CHECKS, type DoctorReport } from "../../src/doctor/index.js";
import { startCliRig, TOKEN, type CliRig } from "./helpers/cli-rig.js";

const SEED = {
  fields: [{ name: "Region", type: "SELECT", options: ["AU", "EU"] }],
  products: [{ name: "Acme Widget" }],
  organizations: [{ name: "Acme Corp", details: { Region: "EU" } }],
};

let rig: CliRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve()),
  );
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function parse(stdout: string): DoctorReport {
  return JSON.parse(stdout) as DoctorReport;
}

const statusOf = (report: DoctorReport, id: string) =>
  report.checks.find((c) => c.id === id)?.status;

describe("orgsync doctor", () => {
  it("passes every check against the emulator, exit 0, with zero writes", async () => {
    rig = await startCliRig(SEED, {}, { rateLimit: { rps: 1000 } });
    const text = await rig.run(["doctor"]);
    expect(text.code, text.stdout + text.stderr).toBe(0);
    expect(text.stderr).toBe("");
    const lines = text.stdout.trim().split("\n");
    const passing = DOCTOR_CHECKS.filter(
      (id) => id !== "experimental-header" && id !== "rate-limit",
    );
    for (const id of passing)
      expect(lines).toContainEqual(expect.stringMatching(`^✓ ${id} `));
    expect(text.stdout).toMatch(
      /^✓ products +GET product: 1 product on 1 page$/m,
    );
    expect(text.stdout).toMatch(
      /^i experimental-header +needed: .* answered 412 without X-ExperimentalApi/m,
    );
    expect(text.stdout).toMatch(
      /^i rate-limit +seen X-RateLimit-Limit: 1000, X-RateLimit-Remaining: \d+/m,
    );
    expect(text.stdout).not.toMatch(/✗/);
    expect(text.stdout).toMatch(/Everything orgsync needs works\.\n$/);

    const json = await rig.run(["doctor", "--format", "json"]);
    expect(json.code).toBe(0);
    const report = parse(json.stdout);
    expect(report).toMatchObject({
      formatVersion: 1,
      ok: true,
      baseUrl: rig.emu.baseUrl,
    });
    expect(report.checks.map((c) => c.status)).not.toContain("fail");
    expect(report.checks.map((c) => c.status)).not.toContain("skip");

    expect(rig.writes()).toEqual([]);
    const calls = new Set(
      rig.emu.control
        .requests()
        .map(
          (r) =>
            `${r.method} ${r.path.replace(/^.*\/(api\/v1|servicedeskapi)\//, "")}`,
        ),
    );
    expect([...calls].sort()).toEqual([
      "GET organization/details",
      "GET organization?start=0&limit=1",
      "GET product?limit=100",
      "POST organization/profile/fetch",
    ]);
  });

  it("names the authentication check and its fix when the emulator requires another token", async () => {
    rig = await startCliRig(SEED, {}, { token: "the-other-token-8d2f61c0" });
    const run = await rig.run(["doctor"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^✓ credentials /m);
    expect(run.stdout).toMatch(/^✓ connection /m);
    expect(run.stdout).toMatch(
      /^✗ authentication +the site refused the credentials \(GET organization\/details answered 401\)\n +fix: authentication failed: check ORGSYNC_TOKEN/m,
    );
    expect(run.stdout).toMatch(/^- products +skipped: needs authentication/m);
    // Independent of authentication: read from the 401's headers.
    expect(run.stdout).toMatch(/^✓ clock /m);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(rig.writes()).toEqual([]);
  });

  it.each([
    [
      "the site's origin instead of the API root",
      (origin: string) => `${origin}/`,
      "connection",
      /GET organization\/details answered 404: the base URL is not the CSM API root/,
      /give the API root, ending in \/api\/v1\//,
    ],
    [
      "a base URL that is not http(s)",
      () => "ftp://127.0.0.1/api/v1/",
      "site",
      /the base URL must be http\(s\), not ftp/,
      /give the API root/,
    ],
    [
      "a base URL that is not a URL",
      () => "127.0.0.1 port 4010",
      "site",
      /the base URL is not a valid URL/,
      /give the API root/,
    ],
  ])(
    "names the failing check for %s, with its fix, exit 1",
    async (_, baseUrl, failing, message, fix) => {
      rig = await startCliRig(SEED, {});
      const run = await rig.run(["doctor", "--format", "json"], {
        env: { ORGSYNC_BASE_URL: baseUrl(rig.emu.origin) },
      });
      expect(run.code).toBe(1);
      const report = parse(run.stdout);
      expect(report.ok).toBe(false);
      const failed = report.checks.filter((c) => c.status === "fail");
      expect(failed.map((c) => c.id)).toEqual([failing]);
      expect(failed[0]!.message).toMatch(message);
      expect(failed[0]!.fix).toMatch(fix);
      expect(statusOf(report, "credentials")).toBe("ok");
      expect(statusOf(report, "products")).toBe("skip");
      expect(rig.writes()).toEqual([]);
    },
  );

  it("names the connection and its fix when nothing listens on the port, and records the attempts", async () => {
    rig = await startCliRig(SEED, {});
    const port = await closedPort();
    const run = await rig.run(["doctor", "--record", "doctor.jsonl"], {
      env: { ORGSYNC_BASE_URL: `http://127.0.0.1:${port}/api/v1/` },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^✗ connection +GET organization\/details failed on all 2 attempts: the connection was refused \(ECONNREFUSED\)\n +fix: check that the site \(or the emulator\) is running/m,
    );
    expect(run.stdout).toMatch(/^- authentication +skipped: needs connection/m);
    expect(run.stdout).toMatch(/^- clock +skipped: needs connection/m);
    expect(run.stdout).toMatch(/1 check failed/);
    const recorded = (await readFile(join(rig.dir, "doctor.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as RecordedExchange);
    expect(recorded.map((e) => [e.status, e.error])).toEqual([
      [null, "ECONNREFUSED"],
      [null, "ECONNREFUSED"],
    ]);
  });

  it("still checks the connection when no credentials are found", async () => {
    rig = await startCliRig(SEED, {});
    const run = await rig.run(["doctor", "--format", "json"], {
      env: { ORGSYNC_TOKEN: "" },
    });
    expect(run.code).toBe(1);
    const report = parse(run.stdout);
    expect(report.checks.find((c) => c.id === "credentials")).toMatchObject({
      status: "fail",
      message: "no API credentials were given",
      fix: expect.stringMatching(/set ORGSYNC_TOKEN/),
    });
    expect(statusOf(report, "site")).toBe("ok");
    expect(statusOf(report, "connection")).toBe("ok");
    expect(statusOf(report, "authentication")).toBe("skip");
    expect(statusOf(report, "clock")).toBe("ok");
    expect(rig.writes()).toEqual([]);
  });
});
