/**
 * Issue 15.9: drift acknowledgements live where the manifests are. Without --ignore-file,
 * `.orgsync-ignore.yaml` in the working directory, else beside the first PATH; a DriftIgnore
 * document among the manifests is refused with a hint where it belongs.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { EmulatorSeed } from "../../src/emulator/index.js";
import { dayFromToday, startCliRig, type CliRig } from "./helpers/cli-rig.js";

const SEED: EmulatorSeed = {
  fields: [{ name: "Region", type: "SELECT", options: ["AU", "EU", "US"] }],
  // Acme's Region is US on the site; the manifests say EU: drift.
  organizations: [{ name: "Acme Corp", details: { Region: "US" } }],
};

const SITE = `apiVersion: orgsync/v1
kind: DetailFields
fields:
  - name: Region
    type: SELECT
    options: [AU, EU, US]
---
apiVersion: orgsync/v1
kind: Organization
name: Acme Corp
details:
  Region: EU
`;

function acknowledge(reason: string): string {
  return `apiVersion: orgsync/v1
kind: DriftIgnore
ignore:
  - address: organization["Acme Corp"].detail["Region"]
    reason: ${reason}
    expires: ${dayFromToday(30)}
`;
}

let rig: CliRig;
beforeEach(async () => {
  rig = await startCliRig(SEED, { "infra/orgsync/site.yaml": SITE });
});
afterEach(async () => {
  await rig.close();
});

describe("where drift finds its acknowledgements (issue 15.9)", () => {
  it("reads .orgsync-ignore.yaml beside the first PATH when the working directory has none", async () => {
    await rig.write({
      "infra/.orgsync-ignore.yaml": acknowledge("kept with the manifests"),
    });
    const { code, stdout } = await rig.run(["drift", "infra/orgsync"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^No drift: /);
    expect(stdout).toContain("kept with the manifests");
    expect(stdout).toContain("infra/.orgsync-ignore.yaml:4:5");
  });

  it("prefers the working directory's file, and reads only one", async () => {
    await rig.write({
      "infra/.orgsync-ignore.yaml": acknowledge("beside the manifests"),
      ".orgsync-ignore.yaml": acknowledge("in the working directory"),
    });
    const { code, stdout } = await rig.run(["drift", "infra/orgsync"]);
    expect(code).toBe(0);
    expect(stdout).toContain("in the working directory");
    expect(stdout).not.toContain("beside the manifests");
  });

  it("--ignore-file overrides both defaults", async () => {
    await rig.write({
      "infra/.orgsync-ignore.yaml": acknowledge("beside the manifests"),
      "acks/none.yaml":
        "apiVersion: orgsync/v1\nkind: DriftIgnore\nignore: []\n",
    });
    const { code, stdout } = await rig.run([
      "drift",
      "infra/orgsync",
      "--ignore-file",
      "acks/none.yaml",
    ]);
    expect(code).toBe(2);
    expect(stdout).not.toContain("beside the manifests");
  });

  it("without any ignore file, the drift counts", async () => {
    const { code } = await rig.run(["drift", "infra/orgsync"]);
    expect(code).toBe(2);
  });

  it("refuses a DriftIgnore document inside the manifest paths, saying where it belongs", async () => {
    await rig.write({
      "infra/orgsync/.orgsync-ignore.yaml": acknowledge("misplaced"),
    });
    const { code, stdout, stderr } = await rig.run(["drift", "infra/orgsync"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain(
      "infra/orgsync/.orgsync-ignore.yaml:2:7: error: a DriftIgnore document does not belong among the manifests",
    );
    expect(stderr).toContain(
      "expected: it in .orgsync-ignore.yaml (in the current directory or beside the manifests)",
    );
    expect(rig.requests()).toEqual([]);
  });
});
