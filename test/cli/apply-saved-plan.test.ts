/**
 * Edited saved plans against the real CLI and the real emulator: apply re-reads what every
 * change touches, trusts nothing else the file says about the site, and writes nothing when a
 * change's `before` is not what the site holds (issue 13, findings 1 and 5).
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { createClient } from "../../src/api/index.js";
import type { Change, DetailChange, Plan } from "../../src/plan/types.js";
import { FILES, SEED, withDeletes } from "../apply/scenario.js";
import { startCliRig, TOKEN, type CliRig } from "./helpers/cli-rig.js";

let rig: CliRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };
type EditablePlan = Mutable<Plan>;

/** Plans into plan.json, lets `edit` change the file's JSON, and clears the request log. */
async function savedPlan(
  r: CliRig,
  edit: (plan: EditablePlan) => void,
): Promise<void> {
  expect((await r.run(["plan", "--out", "plan.json"])).code).toBe(0);
  const file = join(r.dir, "plan.json");
  const plan = JSON.parse(await readFile(file, "utf8")) as EditablePlan;
  edit(plan);
  await writeFile(file, JSON.stringify(plan, null, 2));
  r.emu.control.clearRequests();
}

const change = (plan: EditablePlan, address: string): Mutable<Change> => {
  const found = plan.changes.find((c) => c.address === address);
  if (!found) throw new Error(`no change ${address} in the plan`);
  return found;
};

const apply = (r: CliRig, ...flags: string[]) =>
  r.run(["apply", "--plan", "plan.json", "--auto-approve", ...flags]);

const REGION = 'field["Region"]';

describe("orgsync apply --plan with an edited plan", () => {
  it("refuses options removed through an edited before (equal to after, or deleted), writing nothing", async () => {
    const edits: [(before: { options?: string[] }) => void, string][] = [
      [(before) => (before.options = ["AU", "US"]), '["AU", "US"]'],
      [(before) => delete before.options, "absent"],
    ];
    for (const [editBefore, claimed] of edits) {
      rig = await startCliRig(SEED, FILES);
      await savedPlan(rig, (plan) => {
        const region = change(plan, REGION);
        // Drops "EU", which ACME Inc holds; the file claims nothing is removed.
        region.after = {
          name: "Region",
          type: "SELECT",
          options: ["AU", "US"],
        };
        editBefore(region.before as { options?: string[] });
        region.destructive = false;
      });
      const run = await apply(rig);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("the saved plan plan.json is stale");
      expect(run.stderr).toContain(
        `  - ${REGION}: options ${claimed} → now ["AU", "EU"]`,
      );
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(rig.writes()).toHaveLength(0);
      await rig.close();
      rig = undefined;
    }
  });

  it("refuses a change re-aimed at another organization, writing nothing", async () => {
    rig = await startCliRig(SEED, FILES);
    await savedPlan(rig, (plan) => {
      const acme = change(plan, 'organization["Acme Corp"]');
      const initech = change(
        plan,
        'organization["Initech"].detail["Region"]',
      ) as Mutable<Change> & { organizationId: string };
      // Aim Initech's reviewed change at ACME, with ACME's digest so the old check passes.
      initech.organizationId = (
        acme as { organizationId: string }
      ).organizationId;
      initech.liveDigest = acme.liveDigest;
      (initech.before as { values: string[] }).values = ["EU"];
    });
    const run = await apply(rig);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      '  - organization["Initech"].detail["Region"]: organization name "Initech" → now "ACME Inc"',
    );
    expect(rig.writes()).toHaveLength(0);
  });

  it("refuses destructive changes whose flag was turned off, without --allow-delete, writing nothing", async () => {
    rig = await startCliRig(SEED, {
      ...withDeletes("Old Co"),
      "orgsync/fields.yaml": FILES["orgsync/fields.yaml"]!.replace(
        "options: [AU, EU, US]",
        "options: [EU, US]",
      ),
    });
    await savedPlan(rig, (plan) => {
      // (The schema already refuses a delete marked non-destructive.)
      change(plan, REGION).destructive = false;
    });
    const run = await apply(rig);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("need --allow-delete");
    expect(run.stderr).toContain(`  - ${REGION}`);
    expect(run.stderr).toContain('  - organization["Old Co"]');
    expect(rig.writes()).toHaveLength(0);
  });

  it("applies despite a concurrent edit of a detail no change touches", async () => {
    rig = await startCliRig(SEED, FILES);
    await savedPlan(rig, () => {});
    // ACME Inc's Region is already as the manifests want it: no change touches it.
    const acme = rig.emu.control
      .state()
      .organizations.find((o) => o.name === "ACME Inc")!;
    await createClient({
      baseUrl: rig.emu.baseUrl,
      auth: { kind: "bearer", token: TOKEN },
    }).setOrganizationDetail(acme.id, "Region", ["AU"]);
    rig.emu.control.clearRequests();
    const run = await apply(rig, "--format", "json");
    expect(run.stderr).not.toContain("stale");
    expect(run.code).toBe(0);
    expect(rig.writes().length).toBeGreaterThan(0);
    const after = rig.emu.control
      .state()
      .organizations.find((o) => o.id === acme.id)!;
    expect(after.name).toBe("Acme Corp");
  });

  it("refuses when a value a change touches was edited since, naming it before → now (issue 15.4)", async () => {
    rig = await startCliRig(SEED, FILES);
    let touched: Mutable<DetailChange> | undefined;
    await savedPlan(rig, (plan) => {
      // A value held in a field the site already has under this name.
      touched = plan.changes.find(
        (c): c is Mutable<DetailChange> =>
          c.resource === "detail" &&
          (c.before as { values: string[] }).values.length > 0 &&
          c.dependsOn.every((d) => !d.startsWith("field")),
      );
    });
    if (!touched?.organizationId) throw new Error("no detail change to touch");
    const field = touched.fieldName;
    await createClient({
      baseUrl: rig.emu.baseUrl,
      auth: { kind: "bearer", token: TOKEN },
    }).setOrganizationDetail(touched.organizationId, field, []);
    rig.emu.control.clearRequests();
    const run = await apply(rig);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("is stale");
    const was = JSON.stringify(
      (touched.before as { values: string[] }).values,
    ).replace(/,/g, ", ");
    expect(run.stderr).toContain(
      `  - ${touched.address}: values ${was} → now []`,
    );
    expect(rig.writes()).toHaveLength(0);
  });
});
