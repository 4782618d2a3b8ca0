import { describe, expect, it } from "vitest";

import { applyPlan, buildSteps, checkStale } from "../../src/apply/index.js";
import {
  customerAddress,
  digestOf,
  serviceDeskAddress,
} from "../../src/model/index.js";
import type {
  CustomerChange,
  ServiceDeskChange,
} from "../../src/plan/types.js";
import { orgCreate, planOf } from "./builders.js";
import { FakeSite } from "./fake-client.js";
import { FakeServiceDesk } from "./fake-service-desk.js";

const DIGEST = digestOf(null);

function customer(
  organizationId: string,
  organizationName: string,
  accountId: string,
  action: "create" | "delete" = "create",
): CustomerChange {
  return {
    address: customerAddress(organizationName, accountId),
    resource: "customer",
    action,
    destructive: action === "delete",
    organizationId,
    organizationName,
    before: action === "create" ? null : { accountId },
    after: action === "create" ? { accountId } : null,
    liveDigest: DIGEST,
    dependsOn: [],
  };
}

function link(
  organizationId: string | undefined,
  organizationName: string,
  serviceDesk: string,
  action: "create" | "delete" = "create",
  dependsOn: string[] = [],
): ServiceDeskChange {
  return {
    address: serviceDeskAddress(organizationName, serviceDesk),
    resource: "serviceDesk",
    action,
    destructive: action === "delete",
    ...(organizationId === undefined ? {} : { organizationId }),
    organizationName,
    before: action === "create" ? null : { serviceDesk },
    after: action === "create" ? { serviceDesk } : null,
    liveDigest: DIGEST,
    dependsOn,
  };
}

function setup(known: string[] = []) {
  const site = new FakeSite();
  const sd = new FakeServiceDesk(site);
  for (const id of known) sd.directory.add(id);
  return { site, sd };
}

const ids = (n: number, from = 0) =>
  Array.from(
    { length: n },
    (_, i) => `qm:${String(from + i).padStart(3, "0")}`,
  );

describe("customers and service desk links at apply", () => {
  it("adds the customers of one organization 50 ids a call, and removes them likewise", async () => {
    const { site, sd } = setup(ids(120));
    const acme = site.addOrg("Acme");
    site.orgs.get(acme)!.customers.push(...ids(20, 100));
    const plan = planOf([
      ...ids(60).map((id) => customer(acme, "Acme", id)),
      ...ids(20, 100).map((id) => customer(acme, "Acme", id, "delete")),
    ]);
    const report = await applyPlan(plan, site, { serviceDesk: sd.access() });
    expect(report.summary).toEqual({ applied: 80, failed: 0, skipped: 0 });
    expect(
      sd.writes.map((c) => [c.method, (c.args[1] as string[]).length]),
    ).toEqual([
      ["addOrganizationUsers", 50],
      ["addOrganizationUsers", 10],
      ["removeOrganizationUsers", 20],
    ]);
    expect([...site.orgs.get(acme)!.customers].sort()).toEqual(ids(60));
    expect(site.calls).toEqual([]);
  });

  it("after a 400 re-reads the members first, then finds and names the unknown account id", async () => {
    const { site, sd } = setup(["qm:1", "qm:2"]);
    const acme = site.addOrg("Acme");
    const plan = planOf(
      ["qm:1", "qm:bad", "qm:2"].map((id) => customer(acme, "Acme", id)),
    );
    const report = await applyPlan(plan, site, { serviceDesk: sd.access() });
    expect(report.results.map((r) => [r.address, r.status])).toEqual([
      ['organization["Acme"].customer["qm:1"]', "applied"],
      ['organization["Acme"].customer["qm:bad"]', "failed"],
      ['organization["Acme"].customer["qm:2"]', "applied"],
    ]);
    expect(report.results[1]!.error).toMatchObject({
      code: "E_UNKNOWN_ACCOUNT",
      message: expect.stringContaining(
        'the site does not know the account id "qm:bad"',
      ),
    });
    // In halves: [qm:1, qm:bad] refused again, then [qm:1], [qm:bad] refused, and [qm:2].
    expect(sd.calls.map((c) => c.method)).toEqual([
      "addOrganizationUsers",
      "listOrganizationUsers",
      "addOrganizationUsers",
      "listOrganizationUsers",
      "addOrganizationUsers",
      "addOrganizationUsers",
      "listOrganizationUsers",
      "addOrganizationUsers",
    ]);
    expect(site.orgs.get(acme)!.customers).toEqual(["qm:1", "qm:2"]);
  });

  it("after a 400 finds the unknown id among many by halves, and calls the others applied, not recovered", async () => {
    const { site, sd } = setup(ids(60));
    const acme = site.addOrg("Acme");
    const wanted = [...ids(30), "qm:bad", ...ids(30, 30)];
    const plan = planOf(wanted.map((id) => customer(acme, "Acme", id)));
    const report = await applyPlan(plan, site, { serviceDesk: sd.access() });
    expect(report.summary).toEqual({ applied: 60, failed: 1, skipped: 0 });
    expect(report.results.some((r) => r.recovered === true)).toBe(false);
    const calls = (method: string) =>
      sd.calls.filter((c) => c.method === method).length;
    // Two batches (50 + 11), then halves of the refused one: 2 sends a level, 6 levels.
    expect(calls("addOrganizationUsers")).toBeLessThanOrEqual(2 + 2 * 6);
    expect(calls("listOrganizationUsers")).toBeLessThanOrEqual(7);
    expect(site.orgs.get(acme)!.customers.sort()).toEqual(ids(60));
  });

  it("settles a write whose answer was lost by re-reading the members: no duplicate, nothing lost", async () => {
    const { site, sd } = setup(ids(3));
    const acme = site.addOrg("Acme");
    site.orgs.get(acme)!.customers.push("qm:002");
    let first = true;
    sd.fault = (method) => {
      if (!first) return undefined;
      first = false;
      return method === "addOrganizationUsers" ? "done-unknown" : undefined;
    };
    const plan = planOf([
      customer(acme, "Acme", "qm:000"),
      customer(acme, "Acme", "qm:001"),
      customer(acme, "Acme", "qm:002", "delete"),
    ]);
    const report = await applyPlan(plan, site, { serviceDesk: sd.access() });
    expect(report.summary).toEqual({ applied: 3, failed: 0, skipped: 0 });
    expect(report.results.slice(0, 2).every((r) => r.recovered === true)).toBe(
      true,
    );
    expect(sd.calls.map((c) => c.method)).toEqual([
      "addOrganizationUsers",
      "listOrganizationUsers",
      "removeOrganizationUsers",
    ]);
    expect(site.orgs.get(acme)!.customers).toEqual(["qm:000", "qm:001"]);
  });

  it("sends again what a lost write did not do, and fails once the attempts are spent", async () => {
    const { site, sd } = setup(ids(2));
    const acme = site.addOrg("Acme");
    sd.fault = () => "lost-unknown";
    const report = await applyPlan(
      planOf([customer(acme, "Acme", "qm:000")]),
      site,
      {
        serviceDesk: sd.access(),
        createAttempts: 2,
      },
    );
    expect(report.results[0]).toMatchObject({
      status: "failed",
      error: { code: "E_UNKNOWN_OUTCOME" },
    });
    expect(sd.calls.map((c) => c.method)).toEqual([
      "addOrganizationUsers",
      "listOrganizationUsers",
      "addOrganizationUsers",
      "listOrganizationUsers",
    ]);
    sd.fault = () => undefined;
    const again = await applyPlan(
      planOf([customer(acme, "Acme", "qm:000")]),
      site,
      {
        serviceDesk: sd.access(),
      },
    );
    expect(again.summary.applied).toBe(1);
    expect(site.orgs.get(acme)!.customers).toEqual(["qm:000"]);
  });

  it("links a new organization after its create, looking its id up by name once", async () => {
    const { site, sd } = setup();
    for (const desk of ["SUP", "HR", "IT"]) sd.desks.set(desk, new Set());
    const create = orgCreate("Globex");
    const plan = planOf([
      create,
      ...["SUP", "HR", "IT"].map((desk) =>
        link(undefined, "Globex", desk, "create", [create.address]),
      ),
    ]);
    const features: string[] = [];
    const report = await applyPlan(plan, site, {
      serviceDesk: sd.access(features),
    });
    expect(report.summary).toEqual({ applied: 4, failed: 0, skipped: 0 });
    for (const desk of ["SUP", "HR", "IT"])
      expect([...sd.desks.get(desk)!]).toEqual([site.orgByName("Globex")!.id]);
    // One lookup of the new id for the three links.
    expect(site.calls.filter((c) => c.method === "fetchProfiles")).toHaveLength(
      1,
    );
    // The check before the first write, then each link: all name the feature.
    expect(new Set(features)).toEqual(
      new Set(["service desk links (serviceDesks)"]),
    );
  });

  it("sends a link again when its answer was lost (links are idempotent)", async () => {
    const { site, sd } = setup();
    const acme = site.addOrg("Acme");
    sd.desks.set("SUP", new Set([acme]));
    sd.desks.set("HR", new Set());
    let faults = 1;
    sd.fault = () => (faults-- > 0 ? "done-unknown" : undefined);
    const report = await applyPlan(
      planOf([link(acme, "Acme", "HR"), link(acme, "Acme", "SUP", "delete")]),
      site,
      { serviceDesk: sd.access() },
    );
    expect(report.summary.applied).toBe(2);
    expect(report.results[0]!.recovered).toBe(true);
    expect([...sd.desks.get("HR")!]).toEqual([acme]);
    expect([...sd.desks.get("SUP")!]).toEqual([]);
  });

  it("fails the changes that need the service desk API when apply was not given it, and says why", async () => {
    const { site } = setup();
    const acme = site.addOrg("Acme");
    const report = await applyPlan(
      planOf([customer(acme, "Acme", "qm:1")]),
      site,
    );
    expect(report.results[0]!.error).toMatchObject({
      code: "E_SERVICEDESK_UNAVAILABLE",
      message: expect.stringContaining("needs the service desk API"),
    });
  });

  it("shares one call object between the steps of a batch, and never batches two organizations", () => {
    const steps = buildSteps(
      planOf([
        customer("1", "Acme", "qm:1"),
        customer("2", "Globex", "qm:1"),
        customer("1", "Acme", "qm:2"),
      ]),
    );
    expect(steps[0]!.calls[0]).toBe(steps[2]!.calls[0]);
    expect(steps[0]!.calls[0]).toMatchObject({ accountIds: ["qm:1", "qm:2"] });
    expect(steps[1]!.calls[0]).toMatchObject({
      organizationId: "2",
      accountIds: ["qm:1"],
    });
  });
});

describe("checkStale: customers and service desk links", () => {
  it("finds a customer or a link that someone added or removed since the plan", async () => {
    const { site, sd } = setup();
    const acme = site.addOrg("Acme");
    site.orgs.get(acme)!.customers.push("qm:1");
    sd.desks.set("SUP", new Set([acme]));
    sd.desks.set("HR", new Set());
    const plan = planOf([
      customer(acme, "Acme", "qm:1"),
      customer(acme, "Acme", "qm:2", "delete"),
      link(acme, "Acme", "SUP"),
      link(acme, "Acme", "HR", "delete"),
      link(acme, "Acme", "NOPE"),
    ]);
    const check = await checkStale(plan, site, { serviceDesk: sd.access() });
    expect(
      check.stale.map((s) => `${s.address} ${s.what}: ${s.before} → ${s.now}`),
    ).toEqual([
      'organization["Acme"].customer["qm:1"] customer: absent → present',
      'organization["Acme"].customer["qm:2"] customer: present → absent',
      'organization["Acme"].serviceDesk["SUP"] service desk link: absent → present',
      'organization["Acme"].serviceDesk["HR"] service desk link: present → absent',
      'organization["Acme"].serviceDesk["NOPE"] service desk: "NOPE" → absent',
    ]);
    expect(
      sd.calls
        .filter((c) => c.method === "listServiceDeskOrganizations")
        .map((c) => c.args[0]),
    ).toEqual(["SUP", "HR", "NOPE"]);
    site.orgs.get(acme)!.customers.splice(0, 1, "qm:2");
    sd.desks.set("SUP", new Set());
    sd.desks.set("HR", new Set([acme]));
    sd.desks.set("NOPE", new Set());
    const fresh = await checkStale(plan, site, { serviceDesk: sd.access() });
    expect(fresh.stale).toEqual([]);
  });
});
