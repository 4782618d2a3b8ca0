/**
 * Issue 15.1: paths that hold no orgsync manifest are an error, never a green run against an
 * empty desired site; without a path and without ./orgsync nothing is walked.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { EmulatorSeed } from "../../src/emulator/index.js";
import { startCliRig, type CliRig } from "./helpers/cli-rig.js";

const SEED: EmulatorSeed = {
  fields: [{ name: "Region", type: "SELECT", options: ["AU", "EU"] }],
  organizations: [{ name: "Acme Corp", details: { Region: "EU" } }],
};

const SITE = `apiVersion: orgsync/v1
kind: DetailFields
fields:
  - name: Region
    type: SELECT
    options: [AU, EU]
---
apiVersion: orgsync/v1
kind: Organization
name: Acme Corp
details:
  Region: EU
`;

/** What a folder of the wrong kind holds: nothing orgsync reads. */
const NOT_MANIFESTS = {
  "ops/README.md": "# runbooks\n",
  "ops/empty.yaml": "",
  "ops/ci/workflow.yml": "name: nightly\non: push\n",
};

const COMMANDS: readonly (readonly string[])[] = [
  ["validate"],
  ["plan"],
  ["apply", "--auto-approve"],
  ["drift"],
];

let rig: CliRig;
beforeEach(async () => {
  rig = await startCliRig(SEED, NOT_MANIFESTS);
});
afterEach(async () => {
  await rig.close();
});

describe("paths holding no orgsync manifest (issue 15.1)", () => {
  for (const command of COMMANDS) {
    it(`${command[0]} exits 1 naming what was left out and why`, async () => {
      const { code, stdout, stderr } = await rig.run([...command, "ops"]);
      expect(code).toBe(1);
      expect(stdout).toBe("");
      expect(stderr).toContain("ops: error: no orgsync manifests found in ops");
      expect(stderr).toContain(
        "ops/README.md: warning: left out: not a YAML file (only *.yaml and *.yml are read)",
      );
      expect(stderr).toContain("ops/empty.yaml: warning: left out: empty file");
      expect(stderr).toContain(
        "ops/ci/workflow.yml: warning: left out: YAML with no orgsync document (no apiVersion: orgsync/v1)",
      );
      expect(stderr).toContain(
        "error: no orgsync manifests found in ops; nothing was sent to the site",
      );
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(rig.requests()).toEqual([]);
    });

    it(`${command[0]} without a path and without ./orgsync says so and walks nothing`, async () => {
      // A valid manifest in the current directory: the old fallback walked `.` and used it.
      await rig.write({ "site.yaml": SITE });
      const { code, stderr } = await rig.run([...command]);
      expect(code).toBe(1);
      expect(stderr).toContain(
        `orgsync/: error: no orgsync manifests found: no path was given and ${rig.dir} has no ./orgsync/ folder`,
      );
      expect(stderr).toContain(
        "expected: the manifest files or folders as arguments (orgsync COMMAND path/to/manifests)",
      );
      expect(stderr).toContain("hint: pass the files or folders");
      expect(rig.requests()).toEqual([]);
    });
  }

  it("a nightly drift job started in the wrong directory goes red, not green", async () => {
    await rig.write({ "orgsync/site.yaml": SITE });
    const right = await rig.run(["drift"]);
    expect(right.code).toBe(0);
    const wrong = await rig.run(["drift"], { cwd: `${rig.dir}/ops` });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("no orgsync manifests found");
  });

  it("an empty ./orgsync folder is an error too", async () => {
    await rig.write({ "orgsync/.keep.yaml": "" });
    const { code, stderr } = await rig.run(["validate"]);
    expect(code).toBe(1);
    expect(stderr).toContain("no orgsync manifests found in orgsync");
    expect(stderr).toContain(
      "orgsync/.keep.yaml: warning: left out: empty file",
    );
  });

  it("an empty file beside manifests is only a warning", async () => {
    await rig.write({ "orgsync/site.yaml": SITE, "orgsync/todo.yaml": "" });
    const { code, stdout, stderr } = await rig.run(["validate"]);
    expect(code).toBe(0);
    expect(stdout).toBe("2 files, 1 field, 1 organization: valid\n");
    expect(stderr).toContain(
      "orgsync/todo.yaml: warning: file is empty (no YAML documents)",
    );
  });

  it("validate --format json reports it as an issue", async () => {
    const { code, stdout } = await rig.run([
      "validate",
      "--format",
      "json",
      "ops/empty.yaml",
    ]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { valid: boolean; issues: unknown };
    expect(report.valid).toBe(false);
    expect(report.issues).toMatchObject([
      {
        file: "ops/empty.yaml",
        message: "no orgsync manifests found in ops/empty.yaml",
      },
    ]);
  });
});
