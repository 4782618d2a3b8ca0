import { describe, expect, it } from "vitest";

import { compareBefore } from "../../src/apply/compare-before.js";
import type { Live, ListedOrganization } from "../../src/model/index.js";
import { PlanInputError, plan, type Plan } from "../../src/plan/index.js";
import { OPTIONS, at, desired, live, liveOrg, org } from "./builders.js";
import { applyPlan, randomPick } from "./reference-interpreter.js";

const problemsOf = (attempt: () => unknown): string[] => {
  try {
    attempt();
  } catch (error) {
    if (error instanceof PlanInputError) {
      return error.problems.map((p) => p.message);
    }
    throw error;
  }
  throw new Error("expected a PlanInputError");
};

/** Applies the plan in many orders its dependencies allow; each must converge. */
function expectConverges(
  made: Plan,
  start: Live,
  wanted: ReturnType<typeof desired>,
) {
  expect(compareBefore(made.changes, start)).toEqual([]);
  for (let seed = 1; seed <= 20; seed++) {
    const after = applyPlan(start, made, randomPick(seed));
    expect(plan(wanted, after, OPTIONS).changes).toEqual([]);
    expect(after.organizations).toHaveLength(start.organizations.length);
  }
}

describe("plan: organizations pinned by id", () => {
  it("renames back an organization renamed by hand, and says what happened on the site", () => {
    const wanted = desired({ organizations: [org("Acme", { id: "10" })] });
    const site = live({ organizations: [liveOrg("ACME Ltd", { id: "10" })] });
    const made = plan(wanted, site, OPTIONS);
    expect(made.changes).toEqual([
      expect.objectContaining({
        address: 'organization["Acme"]',
        action: "rename",
        organizationId: "10",
        before: { name: "ACME Ltd" },
        after: { name: "Acme" },
        note: 'renamed on the site from "Acme" to "ACME Ltd"',
      }),
    ]);
    expectConverges(made, site, wanted);
  });

  it("finds it by id, not by a name another organization now holds", () => {
    const wanted = desired({ organizations: [org("Acme", { id: "10" })] });
    const site = live({
      organizations: [
        liveOrg("Acme Old", { id: "10" }),
        liveOrg("Acme", { id: "11" }),
      ],
    });
    expect(problemsOf(() => plan(wanted, site, OPTIONS))).toEqual([
      expect.stringContaining(
        'the site\'s organization "Acme" (id 11) holds that name and no manifest entry renames or deletes it',
      ),
    ]);
  });

  it("reports an id that is not on the site, never a create", () => {
    const wanted = desired({ organizations: [org("Acme", { id: "99" })] });
    expect(
      problemsOf(() =>
        plan(wanted, live({ organizations: [liveOrg("Acme")] }), OPTIONS),
      ),
    ).toEqual([
      expect.stringContaining(
        'organization "Acme" has id 99, which is not an organization on this site',
      ),
    ]);
  });

  it("swaps two names through a temporary name, in every order apply may take", () => {
    const wanted = desired({
      organizations: [org("A", { id: "1" }), org("B", { id: "2" })],
    });
    const site = live({
      organizations: [liveOrg("B", { id: "1" }), liveOrg("A", { id: "2" })],
    });
    const made = plan(wanted, site, OPTIONS);
    expect(
      made.changes.map((c) => [
        c.address,
        c.after && "name" in c.after ? c.after.name : "",
        c.dependsOn,
      ]),
    ).toEqual([
      [
        'organization["orgsync temporary name 1"]',
        "orgsync temporary name 1",
        [],
      ],
      ['organization["B"]', "B", ['organization["orgsync temporary name 1"]']],
      ['organization["A"]', "A", ['organization["B"]']],
    ]);
    expectConverges(made, site, wanted);
  });

  it("turns a longer cycle with a delete and a create around it", () => {
    const wanted = desired({
      organizations: [
        org("A", { id: "1" }),
        org("B", { id: "2" }),
        org("C", { id: "3" }),
        org("D", { id: "4" }),
        org("Old", { ensure: "absent" }),
        org("E"),
      ],
    });
    const site = live({
      organizations: [
        liveOrg("B", { id: "1" }),
        liveOrg("C", { id: "2" }),
        liveOrg("A", { id: "3" }),
        liveOrg("Old", { id: "5" }),
        liveOrg("E", { id: "4" }),
      ],
    });
    const made = plan(wanted, site, OPTIONS);
    expect(made.summary).toEqual(
      expect.objectContaining({ rename: 5, create: 1, delete: 1 }),
    );
    expect(compareBefore(made.changes, site)).toEqual([]);
    for (let seed = 1; seed <= 30; seed++) {
      const after = applyPlan(site, made, randomPick(seed));
      expect(plan(wanted, after, OPTIONS).changes).toEqual([]);
    }
  });
});

describe("plan: organizations no manifest declares", () => {
  const listed: ListedOrganization[] = [
    { id: "1", name: "Kept" },
    { id: "2", name: "Was named" },
    { id: "3", name: "Pinned now" },
    { id: "4", name: "Stray" },
    { id: "5", name: "Owned by SCIM", scimManaged: true },
  ];
  const organizations = [
    org("Kept"),
    org("Renamed", { previousNames: ["Was named"] }),
    org("Pinned", { id: "3" }),
  ];
  const site = live({
    organizations: listed.map((o) => liveOrg(o.name, { id: o.id })),
    listed,
  });

  it("lists them when every organization was listed, and only then", () => {
    const made = plan(desired({ organizations }), site, OPTIONS);
    expect(made.unmanaged).toEqual([listed[4], listed[3]]);
    expect(made.summary.delete).toBe(0);
    const { listed: _, ...unlisted } = site;
    expect(
      plan(desired({ organizations }), unlisted, OPTIONS).unmanaged,
    ).toBeUndefined();
  });

  it("deletes them with pruneOrganizations, except those SCIM manages", () => {
    const source = at(7);
    const made = plan(
      {
        ...desired({ organizations }),
        pruneOrganizations: { prune: true, source },
      },
      site,
      OPTIONS,
    );
    const deletes = made.changes.filter((c) => c.action === "delete");
    expect(deletes).toEqual([
      expect.objectContaining({
        address: 'organization["Stray"]',
        destructive: true,
        organizationId: "4",
        source,
      }),
    ]);
    expect(made.unsupported).toEqual([
      {
        address: 'organization["Owned by SCIM"]',
        reason:
          "SCIM manages this organization: pruneOrganizations never deletes it",
        source,
      },
    ]);
  });

  it("never renames an organization SCIM manages, and says so", () => {
    const made = plan(
      desired({ organizations: [org("Acme", { id: "5" })] }),
      live({
        organizations: [liveOrg("Owned by SCIM", { id: "5" })],
        listed,
      }),
      OPTIONS,
    );
    expect(made.changes).toEqual([]);
    expect(made.unsupported).toEqual([
      expect.objectContaining({
        address: 'organization["Acme"]',
        reason:
          'SCIM manages this organization (named "Owned by SCIM" on the site): orgsync never renames it',
      }),
    ]);
  });
});
