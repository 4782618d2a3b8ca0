/**
 * Issue 15, item 10: terminal and conventions, through the real CLI against the emulator: a
 * terminal of 0 columns, --no-color, plurals, --help, the unconfirmed-type warning, and the
 * destructive-change warning under --allow-delete.
 */
import { afterEach, describe, expect, it } from "vitest";

import { startCliRig, type CliRig } from "./helpers/cli-rig.js";

const ESC = "\u001b";

const FIELDS = `apiVersion: orgsync/v1
kind: DetailFields
prune: true
fields:
  - name: Region
    type: SELECT
    options: [EU, US]
  - name: Score
    type: NUMBER
  - name: Home
    type: URL
`;

/** An organization of a long name loses a customer: a long headline and a long note. */
const LONG = "Acme Industrial Holdings";
const SEED = {
  fields: [{ name: "Legacy", type: "TEXT" }],
  organizations: [{ name: LONG, customers: ["qm:0001"] }],
};
const ACME = `apiVersion: orgsync/v1
kind: Organization
name: ${LONG}
customers: []
pruneCustomers: true
`;

describe("terminal and conventions (issue 15, item 10)", () => {
  let rig: CliRig;
  afterEach(() => rig.close());

  it("treats a terminal that reports 0 columns as 80 wide", async () => {
    rig = await startCliRig(SEED, { "orgsync/acme.yaml": ACME });
    const env = { NO_COLOR: "1" };
    const zero = await rig.run(["plan"], { columns: 0, env });
    const eighty = await rig.run(["plan"], { columns: 80, env });
    expect(zero.code).toBe(0);
    expect(zero.stdout).toContain("account itself is kept)");
    expect(zero.stdout).toBe(eighty.stdout);
    // The warning under a destructive plan is one sentence, left unwrapped.
    const lines = zero.stdout
      .split("\n")
      .filter((line) => !line.startsWith("Warning:"));
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    // The long note is wrapped, at 80, not one word a line.
    expect(lines.filter((l) => /^ {6}\S/.test(l)).length).toBeLessThan(4);
  });

  it("--no-color turns colours off, before or after the command, even under FORCE_COLOR", async () => {
    rig = await startCliRig({}, { "orgsync/fields.yaml": FIELDS });
    const env = { FORCE_COLOR: "1" };
    const coloured = await rig.run(["plan"], { env });
    expect(coloured.stdout).toContain(ESC);
    for (const argv of [
      ["plan", "--no-color"],
      ["--no-color", "plan"],
    ]) {
      const run = await rig.run(argv, { env });
      expect(run.code).toBe(0);
      expect(run.stdout + run.stderr).not.toContain(ESC);
    }
    // An error is reported without colour too.
    const bad = await rig.run(["validate", "--no-color", "missing.yaml"], {
      env,
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("missing.yaml");
    expect(bad.stderr).not.toContain(ESC);
  });

  it("says proper plurals, never (s)", async () => {
    rig = await startCliRig(
      { fields: [{ name: "Region", type: "TEXT" }] },
      {
        "orgsync/fields.yaml": `apiVersion: orgsync/v1
kind: DetailFields
fields:
  - { name: Region, type: TEXT }
`,
        "orgsync/acme.yaml": `apiVersion: orgsync/v1
kind: Organization
name: Acme
details: { Region: EU }
`,
      },
    );
    const outputs = [
      await rig.run(["apply", "--auto-approve"]),
      await rig.run(["drift"]),
      await rig.run(["export", "--org", "Acme", "--out", "exported"]),
      await rig.run(["doctor"]),
    ];
    const all = outputs.map((o) => o.stdout + o.stderr).join("\n");
    expect(all).toContain(
      "Exported 1 detail field and 1 organization to exported: 2 files written, 0 unchanged.",
    );
    expect(all).toContain("GET organization/details: 1 field, in a shape");
    expect(all).toMatch(/GET product: 0 products on 1 page\b/);
    expect(all).not.toMatch(/\w\(s\)/);
  });

  it("lists the credential variables and the exit codes in each command's --help", async () => {
    rig = await startCliRig();
    const connecting = ["plan", "apply", "drift", "export", "doctor"];
    for (const command of [...connecting, "validate", "emulator", "demo"]) {
      const help = await rig.run([command, "--help"]);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toMatch(/\nExit codes:\n {2}0 {4}\S/);
      expect(help.stdout, command).toMatch(/^ {2}1 {4}\S/m);
      expect(help.stdout, command).toContain("--no-color");
      if (connecting.includes(command)) {
        for (const variable of [
          "ORGSYNC_BASE_URL",
          "ORGSYNC_CLOUD_ID",
          "ORGSYNC_TOKEN_FILE",
          "ORGSYNC_TOKEN ",
          "ORGSYNC_EMAIL + ORGSYNC_API_TOKEN",
        ])
          expect(help.stdout, `${command} ${variable}`).toContain(variable);
      }
    }
    expect((await rig.run(["apply", "--help"])).stdout).toMatch(
      /^ {2}130 {2}interrupted/m,
    );
    expect((await rig.run(["drift", "--help"])).stdout).toMatch(
      /^ {2}2 {4}the site drifted/m,
    );
  });

  it("warns once, in one warning naming every field, about unconfirmed types; the variable silences it", async () => {
    rig = await startCliRig({}, { "orgsync/fields.yaml": FIELDS });
    const plan = await rig.run(["plan"]);
    expect(plan.code).toBe(0);
    const warnings = plan.stderr
      .split("\n")
      .filter((l) => l.includes("warning"));
    expect(warnings).toEqual([
      `orgsync/fields.yaml:9:11: warning: the types of 2 fields are not confirmed by Atlassian's documentation, and the site may refuse them: "Score" NUMBER (here), "Home" URL (orgsync/fields.yaml:11:11)`,
    ]);
    const quiet = await rig.run(["plan"], {
      env: { ORGSYNC_NO_UNCONFIRMED_WARNING: "1" },
    });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout).toBe(plan.stdout);
  });

  it("does not say apply refuses deletes without --allow-delete when it was given", async () => {
    rig = await startCliRig(
      { fields: [{ name: "Legacy", type: "TEXT" }] },
      {
        "orgsync/fields.yaml": FIELDS,
      },
    );
    const env = { ORGSYNC_NO_UNCONFIRMED_WARNING: "1" };
    const plan = await rig.run(["plan"], { env });
    expect(plan.stdout).toContain(
      "apply refuses them without --allow-delete (deletes) or --allow-replace (replacements).",
    );
    const apply = await rig.run(["apply", "--auto-approve", "--allow-delete"], {
      env,
    });
    expect(apply.code).toBe(0);
    expect(apply.stdout).not.toContain("without --allow-delete");
    expect(apply.stdout).toContain(
      "Warning: 1 destructive change (marked above); --allow-delete given: apply makes it.",
    );
  });
});
