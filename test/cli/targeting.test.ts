/**
 * Issue 15.3 through the real CLI against the emulator: `--target` and `--exclude` keep what
 * the selected changes need and nothing more, an empty selection says targeting is in effect,
 * and a pattern the shell stripped of its quotes gets a hint.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { startCliRig, type CliRig } from "./helpers/cli-rig.js";

/** The manifests drop the live option "US" (destructive) and change two organizations. */
const FIELDS = `apiVersion: orgsync/v1
kind: DetailFields
fields:
  - name: Region
    type: SELECT
    options: [AU, EU]
`;
const ORGS = `apiVersion: orgsync/v1
kind: Organizations
organizations:
  - name: Acme Corp
    details: { Region: AU }
  - name: Globex
    details: { Region: EU }
`;
const SEED = {
  fields: [{ name: "Region", type: "SELECT", options: ["AU", "EU", "US"] }],
  organizations: [
    { name: "Acme Corp", details: { Region: ["EU"] } },
    { name: "Globex", details: { Region: ["AU"] } },
  ],
};
const FIELD = 'field["Region"]';
const ACME = 'organization["Acme Corp"]';

let rig: CliRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function start(): Promise<CliRig> {
  rig = await startCliRig(SEED, { "fields.yaml": FIELDS, "orgs.yaml": ORGS });
  return rig;
}

function regions(current: CliRig): Record<string, string[] | undefined> {
  return Object.fromEntries(
    current.emu.control
      .state()
      .organizations.map((org) => [org.name, org.details["Region"]]),
  );
}

describe("--target and --exclude keep only what is needed (issue 15.3)", () => {
  it("--exclude of one new field keeps the other new fields and their values (creation order is not a need)", async () => {
    rig = await startCliRig(SEED, {
      "fields.yaml": `${FIELDS}  - { name: Xa, type: TEXT }\n  - { name: Yb, type: TEXT }\n`,
      "orgs.yaml": `apiVersion: orgsync/v1\nkind: Organization\nname: Acme Corp\ndetails: { Yb: hello }\n`,
    });
    const applied = await rig.run([
      "apply",
      ".",
      "--exclude",
      'field["Xa"]',
      "--exclude",
      FIELD,
      "--auto-approve",
    ]);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const state = rig.emu.control.state();
    expect(state.fields.map((f) => f.name)).toEqual(["Region", "Yb"]);
    expect(
      state.organizations.find((o) => o.name === "Acme Corp")!.details["Yb"],
    ).toEqual(["hello"]);
  });

  it("--target on one organization does not drag in the unrelated destructive field change (plan)", async () => {
    const current = await start();
    const run = await current.run(["plan", ".", "--target", ACME]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'organization["Acme Corp"].detail["Region"]: "EU" → "AU"',
    );
    expect(run.stdout).not.toContain(FIELD);
    expect(run.stdout).not.toContain("destructive");
    expect(run.stdout).not.toContain("Globex");
  });

  it("--target on one organization applies without --allow-delete and leaves the field alone (apply)", async () => {
    const current = await start();
    const run = await current.run([
      "apply",
      ".",
      "--target",
      ACME,
      "--auto-approve",
    ]);
    expect(run.stderr).not.toContain("--allow-delete");
    expect(run.code).toBe(0);
    expect(regions(current)).toEqual({ "Acme Corp": ["AU"], Globex: ["AU"] });
    const region = current.emu.control
      .state()
      .fields.find((field) => field.name === "Region");
    expect(region?.options).toEqual(["AU", "EU", "US"]);
  });

  it("--exclude of the field keeps the organization changes that do not need it (plan and saved-plan apply)", async () => {
    const current = await start();
    const planned = await current.run([
      "plan",
      ".",
      "--exclude",
      FIELD,
      "--out",
      "plan.json",
    ]);
    expect(planned.stderr).not.toContain("warning");
    expect(planned.code).toBe(0);
    expect(planned.stdout).not.toContain(FIELD);
    expect(planned.stdout).toContain(
      'organization["Acme Corp"].detail["Region"]',
    );
    expect(planned.stdout).toContain('organization["Globex"].detail["Region"]');
    const saved = JSON.parse(
      await readFile(join(current.dir, "plan.json"), "utf8"),
    ) as { changes: { address: string }[] };
    expect(saved.changes.map((change) => change.address)).toEqual([
      'organization["Acme Corp"].detail["Region"]',
      'organization["Globex"].detail["Region"]',
    ]);

    const applied = await current.run([
      "apply",
      "--plan",
      "plan.json",
      "--auto-approve",
    ]);
    expect(applied.code).toBe(0);
    expect(regions(current)).toEqual({ "Acme Corp": ["AU"], Globex: ["EU"] });
  });

  it("--exclude of the field keeps the organization changes when apply plans itself", async () => {
    const current = await start();
    const run = await current.run([
      "apply",
      ".",
      "--exclude",
      FIELD,
      "--auto-approve",
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("2 applied, 0 failed");
    expect(regions(current)).toEqual({ "Acme Corp": ["AU"], Globex: ["EU"] });
  });
});

describe("an empty selection says targeting is in effect (issue 15.3)", () => {
  const TARGETED =
    "No changes among the targeted addresses (targeting in effect)";
  /** Globex already matches; Acme Corp and the field still differ. */
  const ALIGNED = ORGS.replace("{ Region: EU }", "{ Region: AU }");
  const GLOBEX = 'organization["Globex"]';

  async function startAligned(): Promise<CliRig> {
    rig = await startCliRig(SEED, {
      "fields.yaml": FIELDS,
      "orgs.yaml": ALIGNED,
    });
    return rig;
  }

  it("plan (text and Markdown) does not claim the site matches the manifests", async () => {
    const current = await startAligned();
    const text = await current.run(["plan", ".", "--target", GLOBEX]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(TARGETED);
    expect(text.stdout).not.toContain("matches the manifests");
    const markdown = await current.run([
      "plan",
      ".",
      "--target",
      GLOBEX,
      "--format",
      "markdown",
    ]);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain(TARGETED);
    expect(markdown.stdout).not.toContain("matches the manifests");
    // Untargeted, the same site differs: the plan has changes.
    const whole = await current.run(["plan", "."]);
    expect(whole.stdout).toContain("Plan: 0 to create, 2 to update");
  });

  it("apply, planning itself or from a saved plan, says the same and writes nothing", async () => {
    const current = await startAligned();
    const fresh = await current.run([
      "apply",
      ".",
      "--exclude",
      'organization["Acme Corp"]',
      "--exclude",
      'field["Region"]',
      "--auto-approve",
    ]);
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toContain(TARGETED);
    expect(fresh.stdout).not.toContain("matches the manifests");

    await current.run(["plan", ".", "--out", "plan.json"]);
    const saved = await current.run([
      "apply",
      "--plan",
      "plan.json",
      "--target",
      GLOBEX,
      "--auto-approve",
    ]);
    expect(saved.code).toBe(0);
    expect(saved.stdout).toContain(
      "has no changes among the targeted addresses (targeting in effect)",
    );
    expect(current.writes()).toEqual([]);
  });

  it("the whole plan empty without targeting still says the site matches", async () => {
    rig = await startCliRig(SEED, {
      "orgs.yaml": ALIGNED.replace(
        "{ Region: AU }\n  - name: Globex",
        "{ Region: EU }\n  - name: Globex",
      ),
    });
    const run = await rig.run(["plan", "."]);
    expect(run.stdout).toContain("No changes. The site matches the manifests.");
  });
});

describe("a pattern the shell stripped of its quotes (issue 15.3)", () => {
  it("plan warns it matches nothing and shows it quoted for the shell", async () => {
    const current = await start();
    // What the shell passes for an unquoted --target organization["Acme Corp"]*.
    const run = await current.run([
      "plan",
      ".",
      "--target",
      "organization[Acme Corp]",
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      '"organization[Acme Corp]" matches nothing in the plan',
    );
    expect(run.stderr).toContain(
      `hint: names in addresses are in double quotes, which the shell removes unless the whole pattern is in single quotes: --target 'organization["Acme Corp"]'`,
    );
    expect(run.stdout).toContain(
      "No changes among the targeted addresses (targeting in effect)",
    );
  });

  it("apply --exclude with an unquoted field pattern gets the --exclude hint, and a quoted typo gets none", async () => {
    const current = await start();
    await current.run(["plan", ".", "--out", "plan.json"]);
    const run = await current.run([
      "apply",
      "--plan",
      "plan.json",
      "--exclude",
      "field[Region]",
      "--exclude",
      'organization["Nobody"]',
    ]);
    expect(run.stderr).toContain(`--exclude 'field["Region"]'`);
    expect(run.stderr).toContain(
      '"organization[\\"Nobody\\"]" matches nothing in the plan',
    );
    expect(run.stderr.match(/^hint: names in addresses/gm)).toHaveLength(1);
    expect(current.writes()).toEqual([]);
  });
});
