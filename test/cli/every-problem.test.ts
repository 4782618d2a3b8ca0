/**
 * Issue 15.7 through the real CLI against the emulator: every problem of the manifests in one
 * pass, and the problems found against the live site (an unknown product, a value that is
 * not an option on the site, a detail key naming no live field) in the same compiler format
 * as manifest errors: `file:line:col: error:`, the source line, a caret, `= expected:` and
 * did-you-mean.
 */
import { readFile } from "node:fs/promises";

import { afterEach, describe, expect, it } from "vitest";

import { startCliRig, type CliRig } from "./helpers/cli-rig.js";

let rig: CliRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const ONE_PASS = "test/fixtures/bad/one-pass.yaml";

/** The `# expect: line:col message` lines of a fixture, as `file:line:col: error: message`. */
async function expectedErrors(
  fixture: string,
  file: string,
): Promise<string[]> {
  const text = await readFile(fixture, "utf8");
  return [...text.matchAll(/^# expect: (\d+:\d+) (.*)$/gm)].map(
    ([, where, message]) => `${file}:${where}: error: ${message}`,
  );
}

describe("every problem of a document in one pass, through the CLI (issue 15.7)", () => {
  for (const command of ["validate", "plan"]) {
    it(`${command}: a misspelt document key and an unset variable hide no other error`, async () => {
      rig = await startCliRig(
        {},
        { "one-pass.yaml": await readFile(ONE_PASS, "utf8") },
      );
      const run = await rig.run([command, "one-pass.yaml"]);
      expect(run.code).toBe(1);
      const reported = run.stderr
        .split("\n")
        .filter((line) => line.includes(": error: "));
      expect(reported).toEqual(await expectedErrors(ONE_PASS, "one-pass.yaml"));
      expect(run.stderr).toContain('= did you mean "defaults"?');
      expect(run.stderr).toContain(
        "error: 5 problems in 1 file; nothing was sent to the site",
      );
      expect(rig.requests()).toEqual([]);
    });
  }
});

const SITE = {
  fields: [
    { name: "Region", type: "SELECT", options: ["AU", "EU"] },
    { name: "Tier", type: "TEXT" },
  ],
  products: [{ name: "Acme Widget" }, { name: "Acme Gadget" }],
  organizations: [{ name: "Acme Corp", details: { Region: ["EU"] } }],
};

/** No DetailFields document: the detail keys and values are checked against the live fields. */
const AGAINST_LIVE = `apiVersion: orgsync/v1
kind: Organizations
organizations:
  - name: Acme Corp
    details: { Region: Mars, Teir: Gold }
    products: [Acme Widget, Acme Widgit]
  - name: Globex
    products:
      - Acme Gadgte
`;

describe("problems found against the live site, in the compiler format (issue 15.7)", () => {
  it("plan: an unknown key, a value not an option on the site and unknown products, all at once, each with its line and caret", async () => {
    rig = await startCliRig(SITE, { "orgs.yaml": AGAINST_LIVE });
    const run = await rig.run(["plan", "orgs.yaml"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      `orgs.yaml:5:24: error: "Region": "Mars" is not an option of this field
  5 |     details: { Region: Mars, Teir: Gold }
    |                        ^~~~
    = expected: one of: AU, EU
orgs.yaml:5:30: error: "Teir" is not a detail field of the site
  5 |     details: { Region: Mars, Teir: Gold }
    |                              ^~~~
    = expected: one of the site's fields: Region, Tier
    = did you mean "Tier"?
orgs.yaml:6:29: error: product "Acme Widgit" matches no product id or name on the site (organization "Acme Corp")
  6 |     products: [Acme Widget, Acme Widgit]
    |                             ^~~~~~~~~~~
    = expected: one of the site's products: "Acme Widget", "Acme Gadget"
    = did you mean "Acme Widget"?
orgs.yaml:9:9: error: product "Acme Gadgte" matches no product id or name on the site (organization "Globex")
  9 |       - Acme Gadgte
    |         ^~~~~~~~~~~
    = expected: one of the site's products: "Acme Widget", "Acme Gadget"
    = did you mean "Acme Gadget"?
error: 2 detail values do not fit the site's detail fields and 2 more problems with the site; nothing was changed
hint: fix the keys and values (or declare the fields in a DetailFields document) and run \`orgsync plan\` again
`,
    );
    expect(rig.writes()).toEqual([]);
  });

  it("apply: an unknown product under declared fields is located the same way, and nothing is written", async () => {
    rig = await startCliRig(SITE, {
      "fields.yaml": `apiVersion: orgsync/v1
kind: DetailFields
fields:
  - { name: Region, type: SELECT, options: [AU, EU] }
  - { name: Tier, type: TEXT }
`,
      "acme.yaml": `apiVersion: orgsync/v1
kind: Organization
name: Acme Corp
products: ["Acme Gizmo", "acme widgets"]
`,
    });
    const run = await rig.run(["apply", ".", "--auto-approve"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `acme.yaml:4:12: error: product "Acme Gizmo" matches no product id or name on the site (organization "Acme Corp")
  4 | products: ["Acme Gizmo", "acme widgets"]
    |            ^~~~~~~~~~~~
    = expected: one of the site's products: "Acme Widget", "Acme Gadget"
acme.yaml:4:26: error: product "acme widgets" matches no product id or name on the site (organization "Acme Corp")
  4 | products: ["Acme Gizmo", "acme widgets"]
    |                          ^~~~~~~~~~~~~~
    = expected: one of the site's products: "Acme Widget", "Acme Gadget"
    = did you mean "Acme Widget"?
error: the manifests do not fit the live site (2 problems); nothing was changed
hint: fix the manifests (or the site) and run \`orgsync plan\` again
`,
    );
    expect(rig.writes()).toEqual([]);
  });
});
