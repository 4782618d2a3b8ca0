/**
 * The service desk API as the CLI reaches it (issue 16.1), against the real emulator over
 * loopback HTTP: the connection's lazy access, the doctor's servicedesk check, and --record.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import type { RecordedExchange } from "../../src/api/index.js";
import { ServiceDeskError } from "../../src/api/servicedesk-access.js";
import { connectFromCli } from "../../src/cli/connection.js";
import type { CliIo } from "../../src/cli/io.js";
import type { DoctorReport } from "../../src/doctor/index.js";
import { startCliRig, TOKEN, type CliRig } from "./helpers/cli-rig.js";

const SEED = {
  organizations: [{ name: "Acme Corp" }, { name: "Initech" }],
};

const MANIFEST = {
  "orgsync/orgs.yaml":
    "apiVersion: orgsync/v1\nkind: Organization\nname: Acme Corp\n",
};

let rig: CliRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const check = (stdout: string) =>
  (JSON.parse(stdout) as DoctorReport).checks.find(
    (c) => c.id === "servicedesk",
  );

/** What a command gets as its io, with this environment. */
function ioWith(env: Record<string, string>, stderr: string[]): CliIo {
  const sink = { write: (text: string) => stderr.push(text) > 0 };
  return { env, cwd: rig!.dir, stdout: sink, stderr: sink };
}

describe("Connection.serviceDesk", () => {
  it("derives the emulator's service desk root and sends nothing until a feature asks", async () => {
    rig = await startCliRig(SEED);
    const stderr: string[] = [];
    const connection = await connectFromCli({}, ioWith(rig.env(), stderr));
    expect(connection.serviceDesk.baseUrl).toBe(rig.emu.serviceDeskBaseUrl);
    const client = connection.serviceDesk.client("export --all");
    expect(rig.requests()).toEqual([]);
    const names = (await client.listOrganizations()).map((o) => o.name);
    expect(names.sort()).toEqual(["Acme Corp", "Initech"]);
    expect(rig.requests().map((r) => r.api)).toEqual(["servicedesk"]);
    expect(stderr).toEqual([]);
  });

  it("names the feature, the root and the override when the root is wrong", async () => {
    rig = await startCliRig(SEED);
    const wrong = `${rig.emu.origin}/rest/servicedeskapi/`;
    const connection = await connectFromCli(
      { servicedeskBaseUrl: wrong },
      ioWith(rig.env(), []),
    );
    const error = await connection.serviceDesk
      .client("--show-unmanaged")
      .listOrganizations()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServiceDeskError);
    expect((error as ServiceDeskError).message).toContain(
      `--show-unmanaged needs the service desk API, and the call to ${wrong} failed`,
    );
    expect((error as ServiceDeskError).hint).toContain(
      "--servicedesk-base-url / ORGSYNC_SERVICEDESK_BASE_URL",
    );
  });

  it("takes ORGSYNC_SERVICEDESK_BASE_URL only when no flag names the site", async () => {
    rig = await startCliRig(SEED);
    const env = {
      ...rig.env(),
      ORGSYNC_SERVICEDESK_BASE_URL:
        "https://sd.example.com/rest/servicedeskapi/",
    };
    const fromEnv = await connectFromCli({}, ioWith(env, []));
    expect(fromEnv.serviceDesk.baseUrl).toBe(
      "https://sd.example.com/rest/servicedeskapi/",
    );
    const flagged = await connectFromCli(
      { baseUrl: rig.emu.baseUrl },
      ioWith(env, []),
    );
    expect(flagged.serviceDesk.baseUrl).toBe(rig.emu.serviceDeskBaseUrl);
    expect(rig.requests()).toEqual([]);
  });

  it("sends Basic credentials to --site only when --site chose the site", async () => {
    rig = await startCliRig(SEED, MANIFEST);
    const basic = {
      ORGSYNC_TOKEN: "",
      ORGSYNC_EMAIL: "bot@acme.example",
      ORGSYNC_API_TOKEN: TOKEN,
    };
    const run = await rig.run(
      [
        "plan",
        "--show-unmanaged",
        "--base-url",
        rig.emu.baseUrl,
        "--site",
        "elsewhere.example.com",
      ],
      { env: basic },
    );
    expect(run.stderr).not.toContain("elsewhere");
    expect(run.code).toBe(0);
    expect(rig.requests().filter((r) => r.api === "servicedesk")).toHaveLength(
      1,
    );
  });

  it("refuses a service desk root of another cloud id, sending nothing", async () => {
    rig = await startCliRig(SEED, MANIFEST);
    const other = rig.emu.serviceDeskBaseUrl.replace(
      `/jira/${rig.emu.cloudId}/`,
      "/jira/another-site/",
    );
    const run = await rig.run([
      "plan",
      "--show-unmanaged",
      "--servicedesk-base-url",
      other,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `--servicedesk-base-url / ORGSYNC_SERVICEDESK_BASE_URL names cloud id another-site, but the CSM API root ${rig.emu.baseUrl} names ${rig.emu.cloudId}`,
    );
    expect(rig.requests()).toEqual([]);
  });
});

describe("orgsync doctor's servicedesk check", () => {
  it("passes against the emulator and records the service desk exchange without the token", async () => {
    rig = await startCliRig(SEED);
    const run = await rig.run(["doctor", "--record", "doctor.jsonl"]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(
      /^✓ servicedesk +GET http:\/\/127\.0\.0\.1:\d+\/ex\/jira\/[^/]+\/rest\/servicedeskapi\/organization\?limit=1: organizations are listed \(one page read\)$/m,
    );
    const text = await readFile(join(rig.dir, "doctor.jsonl"), "utf8");
    const recorded = text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as RecordedExchange);
    expect(recorded.map((e) => e.url)).toContain(
      `${rig.emu.serviceDeskBaseUrl}organization?start=0&limit=1`,
    );
    expect(text).not.toContain(TOKEN);
  });

  it("reads one page of one organization, however many the site has", async () => {
    rig = await startCliRig(
      {
        organizations: Array.from({ length: 60 }, (_, i) => ({
          name: `Org ${i}`,
        })),
      },
      {},
      { serviceDeskPageLimit: 50 },
    );
    const run = await rig.run(["doctor"]);
    expect(run.code, run.stdout).toBe(0);
    expect(
      rig
        .requests()
        .filter((r) => r.api === "servicedesk")
        .map((r) => r.path.replace(/.*servicedeskapi\//, "")),
    ).toEqual(["organization?start=0&limit=1"]);
  });

  it("warns, exit 0, when the token is not an agent (an empty list)", async () => {
    rig = await startCliRig(SEED, {}, { serviceDeskAgent: false });
    const run = await rig.run(["doctor", "--format", "json"]);
    expect(run.code).toBe(0);
    expect(check(run.stdout)).toMatchObject({
      status: "warn",
      message: expect.stringContaining(
        "listed no organizations: if the site has any, the account is not a Jira Service Management agent",
      ) as unknown,
    });
  });

  it("fails, exit 1, when the root given does not answer as the service desk API", async () => {
    rig = await startCliRig(SEED);
    const wrong = `${rig.emu.origin}/rest/servicedeskapi/`;
    const run = await rig.run(
      ["doctor", "--format", "json", "--servicedesk-base-url", wrong],
      {},
    );
    expect(run.code).toBe(1);
    const found = check(run.stdout);
    expect(found?.status).toBe("fail");
    expect(found?.message).toContain(`the call to ${wrong} failed`);
    expect(found?.fix).toContain("--servicedesk-base-url");
  });

  it("is information only, with no service desk request, when no root can be derived", async () => {
    rig = await startCliRig(SEED);
    const run = await rig.run(["doctor", "--format", "json"], {
      env: { ORGSYNC_BASE_URL: `${rig.emu.origin}/` },
    });
    expect(check(run.stdout)?.status).toBe("info");
    expect(rig.requests().filter((r) => r.api === "servicedesk")).toEqual([]);
  });
});
