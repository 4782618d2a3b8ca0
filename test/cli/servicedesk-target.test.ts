/**
 * The service desk API root in a saved plan's target (issue 16.1), through the real CLI
 * against the real emulator: recorded when derived, required on apply like the CSM root, and
 * absent from older plans without stopping them.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import type { Plan } from "../../src/plan/types.js";
import { FILES, SEED } from "../apply/scenario.js";
import { startCliRig, type CliRig } from "./helpers/cli-rig.js";

let rig: CliRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** What the emulator's CSM root maps to (api/CSM-API.md, the service desk API). */
const derived = (r: CliRig): string =>
  r.emu.baseUrl.replace(
    /\/jsm\/csm\/cloudid\/([^/]+)\/api\/v1\/$/,
    "/ex/jira/$1/rest/servicedeskapi/",
  );

async function savedPlan(r: CliRig, ...flags: string[]): Promise<Plan> {
  expect((await r.run(["plan", "--out", "plan.json", ...flags])).code).toBe(0);
  return JSON.parse(await readFile(join(r.dir, "plan.json"), "utf8")) as Plan;
}

const apply = (r: CliRig, ...flags: string[]) =>
  r.run(["apply", "--plan", "plan.json", "--auto-approve", ...flags]);

describe("the service desk root in a saved plan", () => {
  it("is recorded only when the plan used the service desk API", async () => {
    rig = await startCliRig(SEED, FILES);
    const plan = await savedPlan(rig);
    expect(plan.target).toEqual({ baseUrl: rig.emu.baseUrl });
    // The scenario renames one organization: the only call asks whether SCIM manages it.
    const renamed = plan.changes.find(
      (c) => c.resource === "organization" && c.action === "rename",
    ) as { organizationId: string } | undefined;
    expect(
      rig
        .requests()
        .filter((r) => r.api === "servicedesk")
        .map((r) => `${r.method} ${r.path.replace(/.*servicedeskapi\//, "")}`),
    ).toEqual([`GET organization/${renamed?.organizationId}`]);
    const listed = await savedPlan(rig, "--show-unmanaged");
    expect(listed.target).toEqual({
      baseUrl: rig.emu.baseUrl,
      serviceDeskBaseUrl: derived(rig),
    });
  });

  it("refuses a plan made with another service desk root, sending nothing", async () => {
    rig = await startCliRig(SEED, FILES);
    await savedPlan(rig, "--show-unmanaged");
    rig.emu.control.clearRequests();
    const other = "https://sd.example.com/rest/servicedeskapi/";
    const run = await apply(rig, "--servicedesk-base-url", other);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `was made for the service desk API at ${derived(rig)}, but this apply is connected to the service desk API at ${other}; nothing was applied`,
    );
    expect(run.stderr).toContain("--servicedesk-base-url");
    expect(rig.requests()).toHaveLength(0);
  });

  it("applies with the same root given explicitly, and applies a plan that records none", async () => {
    rig = await startCliRig(SEED, FILES);
    await savedPlan(rig, "--show-unmanaged");
    const same = await apply(rig, "--servicedesk-base-url", derived(rig));
    expect(same.code).toBe(0);
    await rig.close();

    rig = await startCliRig(SEED, FILES);
    const plan = await savedPlan(rig);
    const { serviceDeskBaseUrl: _dropped, ...older } = plan.target;
    await writeFile(
      join(rig.dir, "plan.json"),
      JSON.stringify({ ...plan, target: older }),
    );
    const run = await apply(
      rig,
      "--servicedesk-base-url",
      "https://sd.example.com/",
    );
    expect(run.code).toBe(0);
    expect(rig.writes().length).toBeGreaterThan(0);
  });

  it("applies a plan that used no service desk call, whatever root apply has", async () => {
    rig = await startCliRig(SEED, FILES);
    await savedPlan(rig);
    const run = await apply(
      rig,
      "--servicedesk-base-url",
      "https://sd.example.com/rest/servicedeskapi/",
    );
    expect(run.code).toBe(0);
    expect(rig.writes().length).toBeGreaterThan(0);
  });

  it("refuses a malformed --servicedesk-base-url before any request, naming the override", async () => {
    rig = await startCliRig(SEED, FILES);
    const run = await rig.run([
      "plan",
      "--servicedesk-base-url",
      "https://bot:secret@sd.example.com/",
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "error: --servicedesk-base-url / ORGSYNC_SERVICEDESK_BASE_URL: the base URL carries credentials",
    );
    expect(run.stderr).not.toContain("secret");
    expect(rig.requests()).toEqual([]);
  });
});
