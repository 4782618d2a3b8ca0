import { describe, expect, it } from "vitest";

import { checkStale } from "../../src/apply/index.js";
import type { FieldChange, Plan } from "../../src/plan/types.js";
import {
  detailSet,
  entitlementDelete,
  fieldRename,
  orgCreate,
  orgDelete,
  orgRename,
  planOf,
} from "./builders.js";
import { FakeSite } from "./fake-client.js";

/** A site and a plan whose `before`s were read from that site, as the planner reads them. */
function planned(): { site: FakeSite; plan: Plan; acme: string } {
  const site = new FakeSite()
    .addField("Level", "SELECT", ["Gold", "Silver"])
    .addField("Region", "SELECT", ["AU", "EU"]);
  const acme = site.addOrg("Acme", { Level: ["Gold"], Region: ["EU"] });
  const gone = site.addOrg("Gone");
  const plan = planOf([
    {
      ...fieldRename("Level", "Tier", "SELECT", ["Gold", "Silver", "Bronze"]),
      before: { name: "Level", type: "SELECT", options: ["Gold", "Silver"] },
    },
    {
      ...detailSet(acme, "Acme", "Tier", ["Silver"]),
      before: { values: ["Gold"] },
    },
    orgDelete(gone, "Gone"),
    orgCreate("Globex"),
  ]);
  return { site, plan, acme };
}

const addresses = async (plan: Plan, site: FakeSite) =>
  (await checkStale(plan, site)).stale.map((item) => item.address);

describe("checkStale", () => {
  it("finds nothing changed when the site is as planned, reading each kind once", async () => {
    const { site, plan } = planned();
    await expect(addresses(plan, site)).resolves.toEqual([]);
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

  it("names every change whose before differs from the site, before → now, and writes nothing", async () => {
    const { site, plan, acme } = planned();
    site.addField("Level", "SELECT", ["Gold", "Silver", "Platinum"]);
    site.orgs
      .get(acme)!
      .details.set("level", { name: "Level", values: ["Bronze"] });
    site.addOrg("Globex");
    const { stale } = await checkStale(plan, site);
    expect(stale).toEqual([
      {
        address: 'field["Tier"]',
        what: "options",
        before: '["Gold", "Silver"]',
        now: '["Gold", "Silver", "Platinum"]',
      },
      {
        address: 'organization["Acme"].detail["Tier"]',
        what: "values",
        before: '["Gold"]',
        now: '["Bronze"]',
      },
      {
        address: 'organization["Globex"]',
        what: "organization",
        before: "absent",
        now: '"Globex"',
      },
    ]);
    expect(site.writes).toEqual([]);
  });

  it("does not refuse for a change to something no change touches", async () => {
    const { site, plan, acme } = planned();
    // Another detail of a touched organization, and another field's options.
    site.orgs
      .get(acme)!
      .details.set("region", { name: "Region", values: ["AU"] });
    site.addField("Region", "SELECT", ["AU", "EU", "US"]);
    site.orgs.get(acme)!.customers.push("c-1");
    await expect(addresses(plan, site)).resolves.toEqual([]);
  });

  it("compares values as the planner does: MULTISELECT order and date timestamps are no change", async () => {
    const site = new FakeSite()
      .addField("Langs", "MULTISELECT", ["en", "fr"])
      .addField("Renewal", "DATE");
    const acme = site.addOrg("Acme", {
      Langs: ["fr", "en"],
      Renewal: ["2027-01-31T00:00:00Z"],
    });
    const plan = planOf([
      {
        ...detailSet(acme, "Acme", "Langs", ["en"]),
        before: { values: ["en", "fr"] },
      },
      {
        ...detailSet(acme, "Acme", "Renewal", ["2028-01-31"]),
        before: { values: ["2027-01-31"] },
      },
    ]);
    await expect(addresses(plan, site)).resolves.toEqual([]);
  });

  it("sees an organization deleted since the plan, or holding more than the delete showed", async () => {
    const { site, plan } = planned();
    site.orgs.get("2")!.customers.push("c-9");
    const { stale } = await checkStale(plan, site);
    expect(stale).toEqual([
      {
        address: 'organization["Gone"]',
        what: "customers",
        before: "[]",
        now: '["c-9"]',
      },
    ]);
    site.orgs.delete("2");
    await expect(addresses(plan, site)).resolves.toEqual([
      'organization["Gone"]',
    ]);
  });

  it("sees the new name of a rename taken on the site since the plan", async () => {
    const site = new FakeSite().addField("Level", "TEXT");
    const old = site.addOrg("Old");
    const plan = planOf([
      fieldRename("Level", "Tier", "TEXT"),
      orgRename(old, "Old", "New"),
    ]);
    await expect(addresses(plan, site)).resolves.toEqual([]);
    site.addField("tier", "TEXT");
    site.addOrg("NEW");
    await expect(addresses(plan, site)).resolves.toEqual([
      'field["Tier"]',
      'organization["New"]',
    ]);
    expect(site.writes).toEqual([]);
  });

  it("refuses a change re-aimed at another organization, and keeps renames (case-only too) working", async () => {
    const site = new FakeSite().addField("Region", "TEXT");
    const acme = site.addOrg("acme");
    const globex = site.addOrg("Globex", { Region: ["EU"] });
    const rename = orgRename(acme, "acme", "Acme");
    const detail = detailSet(acme, "Acme", "Region", ["AU"]);
    await expect(addresses(planOf([rename, detail]), site)).resolves.toEqual(
      [],
    );
    const reAimed = { ...detail, organizationId: globex };
    const { stale } = await checkStale(planOf([rename, reAimed]), site);
    expect(stale).toEqual([
      {
        address: 'organization["Acme"].detail["Region"]',
        what: "organization name",
        before: '"Acme"',
        now: '"Globex"',
      },
    ]);
    // Nor at the organization this plan renames (whose live name differs from its new one).
    const globexDetail = {
      ...detailSet(globex, "Globex", "Region", ["AU"]),
      before: { values: ["EU"] },
    };
    await expect(
      addresses(planOf([rename, globexDetail]), site),
    ).resolves.toEqual([]);
    await expect(
      addresses(
        planOf([rename, { ...globexDetail, organizationId: acme }]),
        site,
      ),
    ).resolves.toEqual(['organization["Globex"].detail["Region"]']);
    // Renaming the plan's organizationName to match does not help: the address names Acme.
    await expect(
      addresses(planOf([{ ...reAimed, organizationName: "Globex" }]), site),
    ).resolves.toEqual(['organization["Acme"].detail["Region"]']);
    await expect(
      addresses(planOf([{ ...rename, organizationId: globex }]), site),
    ).resolves.toEqual(['organization["Acme"]']);
  });

  it("refuses an entitlement delete aimed at another organization's entitlement", async () => {
    const site = new FakeSite();
    const acme = site.addOrg("Acme");
    const globex = site.addOrg("Globex");
    site.orgs.get(globex)!.entitlements.push({ id: "e-g", productId: "p1" });
    site.orgs.get(acme)!.entitlements.push({ id: "e-a", productId: "p1" });
    const own = entitlementDelete(acme, "Acme", "e-a", "p1", "Widget");
    await expect(addresses(planOf([own]), site)).resolves.toEqual([]);
    const other = entitlementDelete(acme, "Acme", "e-g", "p1", "Widget");
    await expect(addresses(planOf([other]), site)).resolves.toEqual([
      'organization["Acme"].product["Widget"]',
    ]);
  });

  it("refuses field options removed through an edited before, and judges from the live field", async () => {
    const site = new FakeSite().addField("Region", "SELECT", ["AU", "EU"]);
    const honest: FieldChange = {
      ...fieldRename("Region", "Region", "SELECT", ["AU"]),
      action: "update",
      before: { name: "Region", type: "SELECT", options: ["AU", "EU"] },
      destructive: true,
    };
    const sameAsAfter = {
      ...honest,
      before: { name: "Region", type: "SELECT", options: ["AU"] },
      destructive: false,
    };
    const noOptions = {
      ...honest,
      before: { name: "Region", type: "SELECT" },
      destructive: false,
    };
    for (const edited of [sameAsAfter, noOptions]) {
      const check = await checkStale(planOf([edited]), site);
      expect(check.stale.map((s) => [s.address, s.what])).toEqual([
        ['field["Region"]', "options"],
      ]);
      // Judged from live → after whatever the file says.
      expect(check.plan.changes[0]).toMatchObject({
        before: { options: ["AU", "EU"] },
        destructive: true,
      });
    }
    // Aimed at another field than the address names.
    const elsewhere = { ...honest, address: 'field["Tier"]' };
    await expect(addresses(planOf([elsewhere]), site)).resolves.toEqual([
      'field["Tier"]',
    ]);
    const flipped = { ...honest, destructive: false };
    const check = await checkStale(planOf([flipped]), site);
    expect(check.stale).toEqual([]);
    expect(check.plan.changes[0]!.destructive).toBe(true);
  });

  it("reads nothing for an empty plan", async () => {
    const site = new FakeSite();
    await expect(addresses(planOf([]), site)).resolves.toEqual([]);
    expect(site.calls).toEqual([]);
  });
});
