/**
 * Names match case-insensitively (as the API compares them), but the site shows them as
 * written: a field or organization whose name differs only in case is renamed, and drift
 * reports such a difference made by hand.
 */
import { afterEach, describe, expect, it } from "vitest";

import { startCliRig, type CliRig } from "./helpers/cli-rig.js";

const MANIFESTS = {
  "site.yaml": [
    "apiVersion: orgsync/v1",
    "kind: DetailFields",
    "fields:",
    "  - name: REGION",
    "    type: SELECT",
    "    options: [AU, EU]",
    "---",
    "apiVersion: orgsync/v1",
    "kind: Organization",
    "name: FABRIKAM INC",
    "details: { REGION: EU }",
    "",
  ].join("\n"),
};

const SEED = {
  fields: [{ name: "Region", type: "SELECT", options: ["AU", "EU"] }],
  organizations: [{ name: "Fabrikam Inc", details: { Region: "EU" } }],
};

let rig: CliRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe("names that differ only in case", () => {
  it("are renamed by apply, after which the plan is empty", async () => {
    rig = await startCliRig(SEED, MANIFESTS);
    const planned = await rig.run(["plan", ".", "--detailed-exitcode"]);
    expect(planned.code, planned.stderr).toBe(2);
    expect(planned.stdout).toContain('~ field["Region"] → "REGION"');
    expect(planned.stdout).toContain(
      '~ organization["Fabrikam Inc"] → "FABRIKAM INC"',
    );
    const applied = await rig.run(["apply", ".", "--auto-approve"]);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const state = rig.emu.control.state();
    expect(state.fields.map((f) => f.name)).toEqual(["REGION"]);
    expect(state.organizations.map((o) => [o.name, o.details])).toEqual([
      ["FABRIKAM INC", { REGION: ["EU"] }],
    ]);
    const again = await rig.run(["plan", ".", "--detailed-exitcode"]);
    expect(again.code, again.stdout).toBe(0);
  });

  it("are reported by drift when changed by hand on the site", async () => {
    rig = await startCliRig(
      {
        fields: [{ name: "REGION", type: "SELECT", options: ["AU", "EU"] }],
        organizations: [{ name: "Fabrikam inc", details: { REGION: "EU" } }],
      },
      MANIFESTS,
    );
    const drift = await rig.run(["drift", ".", "--format", "json"]);
    expect(drift.code, drift.stderr).toBe(2);
    expect(drift.stdout).toContain('organization[\\"FABRIKAM INC\\"]');
    expect(drift.stdout).toContain("Fabrikam inc");
    expect(rig.writes()).toEqual([]);
  });
});
