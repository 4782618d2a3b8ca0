import { describe, expect, it } from "vitest";

import { applyPlan } from "../../src/apply/index.js";
import { entitlementDetailAddress } from "../../src/model/index.js";
import type { EntitlementDetailChange } from "../../src/plan/types.js";
import { digestOf } from "../../src/model/index.js";
import { entitlementCreate, orgCreate, planOf } from "./builders.js";
import { FakeSite, type Fault } from "./fake-client.js";

const GADGET = "0b6c5b5e-6d0a-4f43-9d3e-6f1f6b1f0a02";

function entitlementDetail(
  org: string,
  more: Partial<EntitlementDetailChange>,
  values: string[],
  dependsOn: string[],
): EntitlementDetailChange {
  return {
    address: entitlementDetailAddress(org, "Acme Gadget", "Support level"),
    resource: "entitlementDetail",
    action: "update",
    destructive: false,
    before: { values: [] },
    after: { values },
    liveDigest: digestOf(null),
    dependsOn,
    organizationName: org,
    productId: GADGET,
    productName: "Acme Gadget",
    fieldName: "Support level",
    ...more,
  };
}

/** Acme, entitled to nothing yet; Globex to be created; each gets a Gadget with a detail. */
function scenario(fault?: (method: string) => Fault | undefined) {
  const site = new FakeSite();
  site.products.set(GADGET, "Acme Gadget");
  const acme = site.addOrg("Acme Corp");
  if (fault) site.fault = (method) => fault(method);
  const entitle = entitlementCreate(acme, "Acme Corp", GADGET, "Acme Gadget");
  const globex = orgCreate("Globex", {
    products: [{ id: GADGET, name: "Acme Gadget" }],
  });
  const plan = planOf([
    entitle,
    globex,
    entitlementDetail(
      "Acme Corp",
      { organizationId: acme },
      ["Premium"],
      [entitle.address],
    ),
    entitlementDetail("Globex", {}, ["Standard"], [globex.address]),
  ]);
  return { site, acme, plan };
}

const heldBy = (site: FakeSite, org: string) => {
  const entitlement = site.orgByName(org)!.entitlements[0]!;
  return site.entitlementDetails.get(entitlement.id)?.get("Support level");
};

describe("applying entitlement detail values", () => {
  it("learns the ids of entitlements made in the same apply from the creates' answers: no read", async () => {
    const { site, plan } = scenario();
    const report = await applyPlan(plan, site);
    expect(report.summary).toEqual({ applied: 4, failed: 0, skipped: 0 });
    expect(heldBy(site, "Acme Corp")).toEqual(["Premium"]);
    expect(heldBy(site, "Globex")).toEqual(["Standard"]);
    expect(site.calls.filter((call) => !call.write)).toEqual([]);
    expect(site.writes.map((call) => call.method)).toEqual([
      "createEntitlement",
      "createProfile",
      "setEntitlementDetail",
      "setEntitlementDetail",
    ]);
  });

  it("when a create's answer was lost, reads the ids from the site instead", async () => {
    let lost = 0;
    const { site, plan } = scenario((method) =>
      (method === "createEntitlement" || method === "createProfile") &&
      lost++ < 2
        ? "done-unknown"
        : undefined,
    );
    const report = await applyPlan(plan, site);
    expect(report.summary).toEqual({ applied: 4, failed: 0, skipped: 0 });
    expect(heldBy(site, "Acme Corp")).toEqual(["Premium"]);
    expect(heldBy(site, "Globex")).toEqual(["Standard"]);
    const reads = site.calls.filter((call) => !call.write).map((c) => c.method);
    expect(reads).toContain("listEntitlements");
    expect(reads).toContain("fetchProfiles");
    // Nothing was created twice.
    expect(site.orgByName("Acme Corp")!.entitlements).toHaveLength(1);
    expect(site.orgByName("Globex")!.entitlements).toHaveLength(1);
  });

  it("after a lost profile-create answer, reads the organization once for all its details", async () => {
    const site = new FakeSite();
    site.products.set(GADGET, "Acme Gadget");
    let lost = false;
    site.fault = (method) =>
      method === "createProfile" && !lost
        ? ((lost = true), "done-unknown")
        : undefined;
    const globex = orgCreate("Globex", {
      products: [{ id: GADGET, name: "Acme Gadget" }],
    });
    const detail = (fieldName: string) =>
      entitlementDetail(
        "Globex",
        {
          fieldName,
          address: entitlementDetailAddress("Globex", "Acme Gadget", fieldName),
        },
        ["x"],
        [globex.address],
      );
    const report = await applyPlan(
      planOf([
        globex,
        detail("Support level"),
        detail("Tier"),
        detail("Notes"),
      ]),
      site,
    );
    expect(report.summary).toEqual({ applied: 4, failed: 0, skipped: 0 });
    const reads = site.calls.filter((call) => !call.write).map((c) => c.method);
    // One to settle the create's outcome, one to learn the ids.
    expect(reads).toEqual(["fetchProfiles", "fetchProfiles"]);
  });

  it("names the product, not its id, when the organization has no entitlement to it", async () => {
    const site = new FakeSite();
    site.products.set(GADGET, "Acme Gadget");
    const acme = site.addOrg("Acme Corp");
    const report = await applyPlan(
      planOf([
        entitlementDetail(
          "Acme Corp",
          { organizationId: acme },
          ["Premium"],
          [],
        ),
      ]),
      site,
    );
    expect(report.results[0]!.error).toMatchObject({
      code: "E_APPLY_ENTITLEMENT",
      message: expect.stringContaining('product "Acme Gadget"'),
    });
    expect(report.results[0]!.error!.message).not.toContain(GADGET);
  });

  it("a known entitlement id is used as it is", async () => {
    const site = new FakeSite();
    const acme = site.addOrg("Acme Corp");
    site.orgByName("Acme Corp")!.entitlements.push({
      id: "e-known",
      productId: GADGET,
    });
    const report = await applyPlan(
      planOf([
        entitlementDetail(
          "Acme Corp",
          { organizationId: acme, entitlementId: "e-known" },
          ["Premium"],
          [],
        ),
      ]),
      site,
    );
    expect(report.summary.applied).toBe(1);
    expect(site.calls.map((call) => [call.method, call.args[0]])).toEqual([
      ["setEntitlementDetail", "e-known"],
    ]);
  });
});
