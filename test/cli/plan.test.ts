import { chmod, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { parseSavedPlan } from "../../src/plan/index.js";
import {
  beyondFieldList,
  startCliRig,
  type CliRig,
} from "./helpers/cli-rig.js";

const FIELDS = `apiVersion: orgsync/v1
kind: DetailFields
fields:
  - name: Region
    type: SELECT
    options: [AU, EU, US]
`;
const ACME = (region: string) => `apiVersion: orgsync/v1
kind: Organization
name: Acme Corp
details:
  Region: ${region}
`;
const SEED = {
  fields: [{ name: "Region", type: "SELECT", options: ["AU", "EU", "US"] }],
  organizations: [{ name: "Acme Corp", details: { Region: ["EU"] } }],
};

let rig: CliRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe("orgsync plan", () => {
  it("reads the site in 1 + ceil(N/25) requests, writes nothing, and exits 0 when it matches", async () => {
    rig = await startCliRig(SEED, {
      "fields.yaml": FIELDS,
      "acme.yaml": ACME("EU"),
    });
    const run = await rig.run(["plan", ".", "--detailed-exitcode"]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("No changes");
    expect(run.code).toBe(0);
    const requests = rig.emu.control.requests();
    expect(
      requests.map(
        (r) => `${r.method} ${r.path.replace(/^.*\/api\/v1\//, "")}`,
      ),
    ).toEqual(
      expect.arrayContaining([
        "GET organization/details",
        "POST organization/profile/fetch",
      ]),
    );
    expect(requests).toHaveLength(2);
    expect(rig.writes()).toEqual([]);
  });

  it("exits 2 with --detailed-exitcode when there are changes, and 0 without it", async () => {
    rig = await startCliRig(SEED, {
      "fields.yaml": FIELDS,
      "acme.yaml": ACME("US"),
    });
    const detailed = await rig.run(["plan", ".", "--detailed-exitcode"]);
    expect(detailed.code).toBe(2);
    expect(detailed.stdout).toContain(
      'organization["Acme Corp"].detail["Region"]: "EU" → "US"',
    );
    expect(detailed.stdout).toContain("Plan: 0 to create, 1 to update");
    const plain = await rig.run(["plan", "."]);
    expect(plain.code).toBe(0);
    expect(rig.writes()).toEqual([]);
  });

  it("saves a plan that parses back as the same plan", async () => {
    rig = await startCliRig(SEED, {
      "fields.yaml": FIELDS,
      "acme.yaml": ACME("US"),
    });
    const run = await rig.run([
      "plan",
      ".",
      "--format",
      "json",
      "--out",
      "plan.json",
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("orgsync apply --plan plan.json");
    const saved = await readFile(join(rig.dir, "plan.json"), "utf8");
    expect(saved).toBe(run.stdout);
    const plan = parseSavedPlan(saved, "plan.json");
    expect(plan.target.baseUrl).toBe(rig.emu.baseUrl);
    expect(plan.changes.map((change) => change.address)).toEqual([
      'organization["Acme Corp"].detail["Region"]',
    ]);
  });

  it("--out over an existing plan file keeps its mode (a 0600 plan stays private)", async () => {
    rig = await startCliRig(SEED, {
      "fields.yaml": FIELDS,
      "acme.yaml": ACME("US"),
    });
    const file = join(rig.dir, "plan.json");
    await writeFile(file, "old", { mode: 0o600 });
    await chmod(file, 0o600);
    const run = await rig.run(["plan", ".", "--out", "plan.json"]);
    expect(run.code).toBe(0);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    parseSavedPlan(await readFile(file, "utf8"), "plan.json");
  });

  it("renders Markdown for a pull request", async () => {
    rig = await startCliRig(SEED, {
      "fields.yaml": FIELDS,
      "acme.yaml": ACME("US"),
    });
    const run = await rig.run(["plan", ".", "--format", "markdown"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("| 0 | 1 | 0 | 0 | 0 | 0 | 0 |");
    expect(run.stdout).toContain("<details>");
  });

  it("writes nothing and starts no read after a manifest problem, and exits 1 with the location", async () => {
    rig = await startCliRig(SEED, {
      "fields.yaml": FIELDS,
      "acme.yaml": ACME("Mars"),
    });
    const run = await rig.run(["plan", "."]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/acme\.yaml:5:\d+/);
    expect(run.stderr).toContain("nothing was written to the site");
    expect(beyondFieldList(rig.emu.control.requests())).toEqual([]);
  });

  it("makes zero requests when the first manifest file already has a problem", async () => {
    rig = await startCliRig(SEED, {
      "a.yaml": `${FIELDS}    optoins: [x]\n`,
      "b.yaml": ACME("EU"),
    });
    const run = await rig.run(["plan", "."]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('a.yaml:7:5: error: unknown key "optoins"');
    expect(run.stderr).toContain("nothing was sent to the site");
    expect(rig.emu.control.requests()).toEqual([]);
  });

  it("keeps stdout valid JSON with --format json when it fails", async () => {
    rig = await startCliRig(SEED, {
      "fields.yaml": FIELDS,
      "acme.yaml": ACME("Mars"),
    });
    const run = await rig.run(["plan", ".", "--format", "json"]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      error: expect.objectContaining({
        code: "E_MANIFEST_INVALID",
        message: expect.stringContaining("nothing was written to the site"),
      }),
    });
    expect(beyondFieldList(rig.emu.control.requests())).toEqual([]);
  });

  it("keeps stdout valid JSON when a bad flag value comes before --format json", async () => {
    rig = await startCliRig(SEED, { "fields.yaml": FIELDS });
    const run = await rig.run([
      "plan",
      "--concurrency",
      "0",
      "--format",
      "json",
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'error: --concurrency must be a whole number above 0, not "0"',
    );
    expect(JSON.parse(run.stdout)).toEqual({
      error: expect.objectContaining({ code: "E_USAGE" }),
    });
    expect(rig.emu.control.requests()).toEqual([]);
  });

  it("checks detail keys against the live fields when no DetailFields document is given", async () => {
    rig = await startCliRig(SEED, {
      "acme.yaml": ACME("US").replace("Region:", "Regoin:"),
    });
    const run = await rig.run(["plan", "."]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/acme\.yaml:5:3/);
    expect(run.stderr).toContain("Region");
    expect(rig.writes()).toEqual([]);
  });

  it("keeps only targeted changes and warns about a glob that matches nothing", async () => {
    const two = `${ACME("US")}---
apiVersion: orgsync/v1
kind: Organization
name: Globex
details: { Region: AU }
`;
    rig = await startCliRig(SEED, { "fields.yaml": FIELDS, "orgs.yaml": two });
    const run = await rig.run([
      "plan",
      ".",
      "--target",
      'organization["Acme*"]**',
      "--target",
      'organization["Nobody"]',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Acme Corp");
    expect(run.stdout).not.toContain("Globex");
    expect(run.stderr).toContain(
      '"organization[\\"Nobody\\"]" matches nothing in the plan',
    );
  });
});
