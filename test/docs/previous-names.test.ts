/**
 * What docs/plan.md says about previous names, checked through the real CLI against the
 * emulator: a field or organization found under a previous name is renamed (values kept);
 * both names on the site stop the plan; a previous name another field owns is refused;
 * an organization to delete takes no previous names.
 */
import { afterEach, describe, expect, it } from "vitest";

import type { EmulatorSeed } from "../../src/emulator/index.js";
import {
  beyondFieldList,
  startCliRig,
  type CliRig,
} from "../cli/helpers/cli-rig.js";

const HEAD = "apiVersion: orgsync/v1\n";
const fields = (body: string) => `${HEAD}kind: DetailFields\nfields:\n${body}`;

let rig: CliRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function start(
  seed: EmulatorSeed,
  files: Record<string, string>,
): Promise<CliRig> {
  rig = await startCliRig(seed);
  await rig.write(files);
  return rig;
}

describe("docs/plan.md on previous names", () => {
  it("a field under a previous name is renamed, keeping every value, with no value change planned", async () => {
    const site = await start(
      {
        fields: [
          { name: "Level", type: "SELECT", options: ["Gold", "Silver"] },
        ],
        organizations: [{ name: "Acme", details: { Level: "Gold" } }],
      },
      {
        "orgsync/fields.yaml": fields(
          "  - { name: Tier, type: SELECT, options: [Gold, Silver], previousNames: [Level] }\n",
        ),
        "orgsync/acme.yaml": `${HEAD}kind: Organization\nname: Acme\ndetails: { Tier: Gold }\n`,
      },
    );
    const plan = await site.run(["plan"]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('~ field["Level"] → "Tier"');
    expect(plan.stdout).not.toContain('organization["Acme"]');
    expect(plan.stdout).toMatch(/Plan: 0 to create, 0 to update, 1 to rename/);
    const apply = await site.run(["apply", "--auto-approve"]);
    expect(apply.code, apply.stderr).toBe(0);
    expect(site.emu.control.state().organizations[0]?.details).toEqual({
      Tier: ["Gold"],
    });
  });

  it("a field whose name and previous name are both on the site stops the plan", async () => {
    const site = await start(
      {
        fields: [
          { name: "Level", type: "TEXT" },
          { name: "Tier", type: "TEXT" },
        ],
      },
      {
        "orgsync/fields.yaml": fields(
          "  - { name: Tier, type: TEXT, previousNames: [Level] }\n",
        ),
      },
    );
    const plan = await site.run(["plan"]);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain(
      'field "Tier" and its previous name "Level" are two different fields on the site',
    );
  });

  it("a previous name that is another declared field's name is refused before anything is read", async () => {
    const site = await start(
      { fields: [{ name: "Level", type: "TEXT" }] },
      {
        "orgsync/fields.yaml": fields(
          "  - { name: Tier, type: TEXT, previousNames: [Level] }\n  - { name: Level, type: TEXT }\n",
        ),
      },
    );
    const plan = await site.run(["plan"]);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain(
      'previous name "Level" is the name of another field',
    );
    // A problem between documents is found once the file is in: at most the field list was read.
    expect(beyondFieldList(site.requests())).toEqual([]);
  });

  it("an organization under a previous name is renamed, not created; both names on the site stop the plan", async () => {
    const files = {
      "orgsync/acme.yaml": `${HEAD}kind: Organization\nname: Acme Corp\npreviousNames: [ACME Inc]\n`,
    };
    const renamed = await start(
      { organizations: [{ name: "ACME Inc" }] },
      files,
    );
    const plan = await renamed.run(["plan"]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('~ organization["ACME Inc"] → "Acme Corp"');
    expect(plan.stdout).toMatch(/Plan: 0 to create, 0 to update, 1 to rename/);
    await renamed.close();

    const both = await start(
      { organizations: [{ name: "ACME Inc" }, { name: "Acme Corp" }] },
      files,
    );
    const stopped = await both.run(["plan"]);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain(
      'organization "Acme Corp" and its previous name "ACME Inc" are two different organizations on the site',
    );
  });

  it("ensure: absent deletes by name only: previous names are refused", async () => {
    const site = await start(
      { organizations: [{ name: "Old Name" }] },
      {
        "orgsync/gone.yaml": `${HEAD}kind: Organization\nname: New Name\nensure: absent\npreviousNames: [Old Name]\n`,
      },
    );
    const validate = await site.run(["validate"]);
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain(
      'organization "New Name" is to be deleted (ensure: absent) but sets "previousNames"',
    );
    expect(site.requests()).toEqual([]);
  });
});
