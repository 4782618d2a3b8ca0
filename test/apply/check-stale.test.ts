import { describe, expect, it } from "vitest";

import { checkStale } from "../../src/apply/index.js";
import { readDetailFields, readOrganizations } from "../../src/live/index.js";
import { fieldDigest, organizationDigest } from "../../src/model/index.js";
import type { Plan } from "../../src/plan/types.js";
import {
  detailSet,
  fieldRename,
  orgCreate,
  orgDelete,
  orgRename,
  planOf,
} from "./builders.js";
import { FakeSite } from "./fake-client.js";

/** A site and a plan whose digests were taken from that site, as the planner takes them. */
async function planned(): Promise<{
  site: FakeSite;
  plan: Plan;
  acme: string;
}> {
  const site = new FakeSite().addField("Level", "SELECT", ["Gold"]);
  const acme = site.addOrg("Acme", { Level: ["Gold"] });
  const gone = site.addOrg("Gone");
  const [level] = await readDetailFields(site);
  const orgs = await readOrganizations(site, { ids: [acme, gone] });
  const digest = (id: string) =>
    organizationDigest(orgs.find((o) => o.id === id));
  const plan = planOf([
    {
      ...fieldRename("Level", "Tier", "SELECT", ["Gold"]),
      liveDigest: fieldDigest(level),
    },
    {
      ...detailSet(acme, "Acme", "Level", ["Silver"]),
      liveDigest: digest(acme),
    },
    { ...orgDelete(gone, "Gone"), liveDigest: digest(gone) },
    { ...orgCreate("Globex"), liveDigest: organizationDigest(undefined) },
  ]);
  site.calls.length = 0;
  return { site, plan, acme };
}

describe("checkStale", () => {
  it("finds nothing changed when the site is as planned, reading each kind once", async () => {
    const { site, plan } = await planned();
    await expect(checkStale(plan, site)).resolves.toEqual([]);
    expect(site.calls.map((c) => c.method).sort()).toEqual([
      "fetchProfiles",
      "listDetailFields",
    ]);
    expect(
      site.calls.find((c) => c.method === "fetchProfiles")!.args[0],
    ).toEqual({
      organizationIds: ["1", "2"],
      organizationNames: ["Globex"],
    });
  });

  it("names every change whose object changed since, and writes nothing", async () => {
    const { site, plan, acme } = await planned();
    site.addField("Level", "SELECT", ["Gold", "Silver"]);
    site.orgs
      .get(acme)!
      .details.set("level", { name: "Level", values: ["Bronze"] });
    site.addOrg("Globex");
    const stale = await checkStale(plan, site);
    expect(stale).toEqual([
      'field["Tier"]',
      'organization["Acme"].detail["Level"]',
      'organization["Globex"]',
    ]);
    expect(site.writes).toEqual([]);
  });

  it("sees an organization deleted since the plan", async () => {
    const { site, plan } = await planned();
    site.orgs.delete("2");
    await expect(checkStale(plan, site)).resolves.toEqual([
      'organization["Gone"]',
    ]);
  });

  it("sees the new name of a rename taken on the site since the plan", async () => {
    const site = new FakeSite().addField("Level", "TEXT");
    const old = site.addOrg("Old");
    const [level] = await readDetailFields(site);
    const [read] = await readOrganizations(site, { ids: [old] });
    const plan = planOf([
      {
        ...fieldRename("Level", "Tier", "TEXT"),
        liveDigest: fieldDigest(level),
      },
      { ...orgRename(old, "Old", "New"), liveDigest: organizationDigest(read) },
    ]);
    await expect(checkStale(plan, site)).resolves.toEqual([]);
    site.addField("tier", "TEXT");
    site.addOrg("NEW");
    await expect(checkStale(plan, site)).resolves.toEqual([
      'field["Tier"]',
      'organization["New"]',
    ]);
    expect(site.writes).toEqual([]);
  });

  it("reads nothing for an empty plan", async () => {
    const site = new FakeSite();
    await expect(checkStale(planOf([]), site)).resolves.toEqual([]);
    expect(site.calls).toEqual([]);
  });
});
