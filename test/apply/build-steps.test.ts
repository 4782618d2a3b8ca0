import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  buildSteps,
  describeCall,
  InvalidPlanError,
} from "../../src/apply/index.js";
import { fieldAddress } from "../../src/model/index.js";
import {
  after,
  detailSet,
  entitlementCreate,
  entitlementDelete,
  fieldCreate,
  fieldDelete,
  fieldRename,
  fieldReplace,
  orgCreate,
  orgDelete,
  orgRename,
  planOf,
} from "./builders.js";

describe("buildSteps", () => {
  it("makes one call per change, and two (DELETE then POST) for a field replace", () => {
    const plan = planOf([
      fieldCreate("Region", "SELECT", ["EU", "US"]),
      fieldRename("Level", "Tier", "SELECT", ["Gold", "Silver"]),
      fieldReplace("Renewal", "TEXT", "DATE"),
      orgCreate("Acme"),
      orgRename("7", "Old Co", "New Co"),
      detailSet("7", "New Co", "Tier", ["Gold"]),
      entitlementCreate("7", "New Co", "p1", "Widget"),
      entitlementDelete("7", "New Co", "e9", "p2", "Gadget"),
      fieldDelete("Legacy"),
      orgDelete("8", "Gone Ltd"),
    ]);
    const steps = buildSteps(plan);
    const calls = steps.flatMap((step) => step.calls);
    const replaces = plan.changes.filter((c) => c.action === "replace").length;
    expect(calls).toHaveLength(plan.changes.length + replaces);
    expect(steps.map((step) => step.calls.map(describeCall))).toEqual([
      ["POST organization/details"],
      ["PUT organization/details/Level"],
      ["DELETE organization/details/Renewal", "POST organization/details"],
      ["POST organization/profile"],
      ["PUT organization/7"],
      ["PUT organization/7/details?fieldName=Tier"],
      ["POST organization/7/entitlement"],
      ["DELETE entitlement/e9"],
      ["DELETE organization/details/Legacy"],
      ["DELETE organization/8"],
    ]);
  });

  it("renames a field and sets its new options in one PUT", () => {
    const [step] = buildSteps(
      planOf([
        fieldRename("Level", "Tier", "SELECT", ["Gold", "Silver", "Bronze"]),
      ]),
    );
    expect(step!.calls).toEqual([
      {
        kind: "editDetailField",
        fieldName: "Level",
        edit: { name: "Tier", options: ["Gold", "Silver", "Bronze"] },
      },
    ]);
  });

  it("creates an organization with its details, products and customers in one profile POST", () => {
    const [step] = buildSteps(
      planOf([
        orgCreate("Acme", {
          details: [{ name: "Region", values: ["EU"] }],
          products: [{ id: "p1", name: "Acme Widget" }],
          customers: ["qm:1"],
        }),
      ]),
    );
    expect(step!.calls).toEqual([
      {
        kind: "createProfile",
        body: {
          name: "Acme",
          details: [{ name: "Region", values: ["EU"] }],
          associateCustomers: { customerIds: ["qm:1"] },
          associateProducts: { productIds: ["p1"] },
        },
      },
    ]);
  });

  it("leaves products and customers out of a profile that has none", () => {
    const [step] = buildSteps(planOf([orgCreate("Bare")]));
    expect(step!.calls).toEqual([
      { kind: "createProfile", body: { name: "Bare", details: [] } },
    ]);
  });

  it("resolves dependsOn to step indexes", () => {
    const tier = fieldRename("Level", "Tier");
    const steps = buildSteps(
      planOf([tier, detailSet("1", "Acme", "Tier", ["Gold"], [tier.address])]),
    );
    expect(steps.map((step) => step.prerequisites)).toEqual([[], [0]]);
  });

  it("refuses a dependency on an address that is not in the plan", () => {
    const plan = planOf([
      detailSet("1", "Acme", "Tier", ["Gold"], [fieldAddress("Tier")]),
    ]);
    expect(() => buildSteps(plan)).toThrow(InvalidPlanError);
    expect(() => buildSteps(plan)).toThrow(
      /depends on field\["Tier"\], which is not a change/,
    );
  });

  it("refuses a cycle and names it", () => {
    const a = fieldCreate("A");
    const b = fieldCreate("B");
    const c = fieldCreate("C");
    const plan = planOf([
      after(a, c.address),
      after(b, a.address),
      after(c, b.address),
    ]);
    expect(() => buildSteps(plan)).toThrow(
      /dependency cycle: field\["A"\] -> field\["C"\] -> field\["B"\] -> field\["A"\]/,
    );
  });

  it("refuses a change that depends on itself and an address used twice", () => {
    const a = fieldCreate("A");
    expect(() => buildSteps(planOf([after(a, a.address)]))).toThrow(
      /depends on itself/,
    );
    expect(() => buildSteps(planOf([a, a]))).toThrow(/appears twice/);
  });

  it("refuses a change without what its call needs", () => {
    const broken = { ...orgRename("1", "A", "B"), organizationId: "" };
    expect(() => buildSteps(planOf([broken]))).toThrow(/has no organizationId/);
  });

  it("holds deletes back to the end, except those another change waits for", () => {
    // A field deleted to stay under the site's 50-field cap before a new one is created.
    const freed = fieldDelete("Legacy");
    const created = after(fieldCreate("Tier"), freed.address);
    const steps = buildSteps(
      planOf([freed, created, fieldDelete("Old"), orgDelete("3", "X")]),
    );
    expect(steps.map((step) => step.last)).toEqual([false, false, true, true]);
  });

  it("resolves any acyclic dependency graph (property)", () => {
    const graph = fc
      .integer({ min: 1, max: 30 })
      .chain((n) =>
        fc.tuple(
          fc.constant(n),
          fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 60 }),
        ),
      );
    fc.assert(
      fc.property(graph, ([n, edges]) => {
        // Edges only from a later change to an earlier one: acyclic by construction.
        const deps = Array.from({ length: n }, () => new Set<number>());
        for (const [x, y] of edges) if (x > y) deps[x]!.add(y);
        const names = Array.from({ length: n }, (_, i) => `F${i}`);
        const plan = planOf(
          names.map((name, i) =>
            after(
              fieldCreate(name),
              ...[...deps[i]!].map((d) => fieldAddress(names[d]!)),
            ),
          ),
        );
        const steps = buildSteps(plan);
        expect(
          steps.map((s) => [...s.prerequisites].sort((a, b) => a - b)),
        ).toEqual(deps.map((d) => [...d].sort((a, b) => a - b)));
      }),
    );
  });
});
