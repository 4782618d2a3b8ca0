/**
 * Issue 18: the site is read while the manifests load. Profiles are fetched 25 names a call
 * as files bring names (a batch may span files); a manifest problem stops the reads, so the
 * names of the file that holds it, and of every later file, are never sent.
 */
import { afterEach, describe, expect, it } from "vitest";

import type { RequestLogEntry } from "../../src/emulator/index.js";
import { startCliRig, type CliRig } from "./helpers/cli-rig.js";

const FIELDS = `apiVersion: orgsync/v1
kind: DetailFields
fields:
  - name: Region
    type: SELECT
    options: [AU, EU]
`;

/** An Organizations document naming `Org from` … `Org to - 1`. */
const ORGS = (from: number, to: number, extra = ""): string =>
  `apiVersion: orgsync/v1
kind: Organizations
organizations:
${Array.from({ length: to - from }, (_, i) => `  - name: Org ${from + i}\n    details: { Region: EU }\n`).join("")}${extra}`;

const profileFetches = (requests: readonly RequestLogEntry[]) =>
  requests.filter((r) => r.path.endsWith("/organization/profile/fetch"));

let rig: CliRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe("plan reads the site while the manifests load (issue 18)", () => {
  it("fetches profiles 25 names a call across files: 1 + ceil(N/25) requests", async () => {
    rig = await startCliRig(
      {
        fields: [{ name: "Region", type: "SELECT", options: ["AU", "EU"] }],
        organizations: [{ name: "Org 3", details: { Region: ["AU"] } }],
      },
      {
        "orgsync/0-fields.yaml": FIELDS,
        "orgsync/a.yaml": ORGS(0, 10),
        "orgsync/b.yaml": ORGS(10, 20),
        "orgsync/c.yaml": ORGS(20, 30),
      },
    );
    const run = await rig.run(["plan", "--format", "json"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const plan = JSON.parse(run.stdout) as { summary: Record<string, number> };
    expect(plan.summary).toMatchObject({ create: 29, update: 1 });
    expect(rig.writes()).toEqual([]);
    expect(rig.requests()).toHaveLength(1 + 2);
    expect(profileFetches(rig.requests())).toHaveLength(2);
  });

  it("never sends the names of a file with a problem, nor of the files after it", async () => {
    rig = await startCliRig(
      { fields: [{ name: "Region", type: "SELECT", options: ["AU", "EU"] }] },
      {
        "orgsync/0-fields.yaml": FIELDS,
        "orgsync/a.yaml": ORGS(0, 30),
        "orgsync/b.yaml": ORGS(30, 60, "    detials: {}\n"),
        "orgsync/c.yaml": ORGS(60, 90),
      },
    );
    const run = await rig.run(["plan"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'orgsync/b.yaml:64:5: error: unknown key "detials"',
    );
    expect(run.stderr).toContain(
      "error: 1 problem in 1 file; nothing was written to the site",
    );
    expect(rig.writes()).toEqual([]);
    // At most the first 25 names of a.yaml went out, in the one batch that filled before b.yaml.
    expect(profileFetches(rig.requests()).length).toBeLessThanOrEqual(1);
  });
});
