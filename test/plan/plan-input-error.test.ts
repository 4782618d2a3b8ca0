import { describe, expect, it } from "vitest";

import { OrgsyncError } from "../../src/util/errors.js";
import { PlanInputError, plan } from "../../src/plan/index.js";
import {
  OPTIONS,
  at,
  desired,
  field,
  live,
  liveField,
  liveOrg,
  org,
} from "./builders.js";

function planError(...args: Parameters<typeof plan>): PlanInputError {
  try {
    plan(...args);
  } catch (error) {
    if (error instanceof PlanInputError) return error;
    throw error;
  }
  throw new Error("expected a PlanInputError");
}

describe("plan: input problems only live data reveals", () => {
  it("lists every problem at its file:line:col instead of stopping at the first", () => {
    const error = planError(
      desired({
        declared: false,
        organizations: [
          org("Acme", {
            products: ["Acme Widgets"],
            details: { Nowhere: "x" },
            source: at(10),
          }),
          org("Globex", {
            products: ["00000000-0000-4000-8000-000000000000"],
            source: at(20),
          }),
        ],
      }),
      live({ fields: [liveField("Region", "TEXT")] }),
      OPTIONS,
    );
    expect(error).toBeInstanceOf(OrgsyncError);
    expect(error.code).toBe("E_PLAN_INPUT");
    // Sorted by where they were written: the detail of Acme comes before its products.
    expect(error.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('detail "Nowhere" names no field on the site'),
      'product "Acme Widgets" matches no product id or name on the site (organization "Acme")',
      expect.stringContaining(
        'product "00000000-0000-4000-8000-000000000000" looks like a product id, but the site has no product with that id',
      ),
    ]);
    expect(error.message).toContain("(3 problems)");
    expect(error.message).toMatch(
      /orgsync\/site\.yaml:\d+:3: product "Acme Widgets"/,
    );
    // The structured parts the CLI shows compiler-style, and the one-line form of the message.
    expect(error.problems[1]).toMatchObject({
      found: "Acme Widgets",
      expected:
        'one of the site\'s products: "Acme Widget", "Acme Gadget", "Acme Sprocket"',
      suggestion: "Acme Widget",
    });
    expect(error.message).toContain(
      'product "Acme Widgets" matches no product id or name on the site (organization "Acme"); expected one of the site\'s products: "Acme Widget", "Acme Gadget", "Acme Sprocket" (did you mean "Acme Widget"?)',
    );
    expect(error.hint).toContain("nothing was changed");
  });

  it("refuses a product name when the site's products were not read", () => {
    const error = planError(
      desired({ organizations: [org("Acme", { products: ["Acme Widget"] })] }),
      live({ organizations: [liveOrg("Acme")], products: null }),
      OPTIONS,
    );
    expect(error.problems[0]?.message).toContain(
      "is not a product id, and the site's products were not read",
    );
  });

  it("refuses an organization whose name and previous name are two organizations on the site", () => {
    const manifest = org("Acme Corp", {
      previousNames: ["ACME Inc"],
      source: at(5),
    });
    const error = planError(
      desired({ organizations: [manifest] }),
      live({ organizations: [liveOrg("Acme Corp"), liveOrg("ACME Inc")] }),
      OPTIONS,
    );
    expect(error.problems).toEqual([
      {
        source: manifest.source,
        message: expect.stringContaining(
          'organization "Acme Corp" and its previous name "ACME Inc" are two different organizations on the site',
        ),
      },
    ]);
  });

  it("refuses a previous name that is an organization another entry manages", () => {
    const claimer = org("New Name", {
      previousNames: ["Globex"],
      source: at(30),
    });
    const error = planError(
      desired({ organizations: [org("Globex", { source: at(31) }), claimer] }),
      live({ organizations: [liveOrg("Globex")] }),
      OPTIONS,
    );
    expect(error.problems).toEqual([
      {
        source: claimer.source,
        message: expect.stringContaining(
          'previous name "Globex" of organization "New Name" is the organization "Globex" on the site, which "Globex" (orgsync/site.yaml:31:3) also claims',
        ),
      },
    ]);
  });

  it("refuses a detail on a field renamed away or deleted by this plan", () => {
    const error = planError(
      desired({
        prune: true,
        fields: [field("Tier", "TEXT", { previousNames: ["Level"] })],
        organizations: [
          org("Acme", { details: { Level: "Gold", Legacy: "x" } }),
        ],
      }),
      live({
        fields: [liveField("Level", "TEXT"), liveField("Legacy", "TEXT")],
        organizations: [liveOrg("Acme")],
      }),
      OPTIONS,
    );
    expect(error.problems.map((p) => p.message)).toEqual([
      'detail "Level" names field "Level", which this plan turns into field "Tier"; write "Tier" instead',
      expect.stringContaining(
        'detail "Legacy" names field "Legacy", which this plan deletes',
      ),
    ]);
  });

  it("refuses names listed twice, which the loader should have caught", () => {
    const error = planError(
      desired({
        fields: [field("Region", "TEXT"), field(" region", "TEXT")],
        organizations: [
          org("Acme", { details: { Region: "a", REGION: "b" } }),
          org("ACME"),
        ],
      }),
      live(),
      OPTIONS,
    );
    expect(error.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('field " region" is declared twice'),
      expect.stringContaining(
        'detail "REGION" of organization "Acme" sets field "Region" a second time',
      ),
      expect.stringContaining('organization "ACME" is listed twice'),
    ]);
  });

  it("keeps every problem but shows the first fifty in its message", () => {
    const organizations = Array.from({ length: 60 }, (_, i) =>
      org(`Org ${i}`, { details: { Nowhere: "x" } }),
    );
    const error = planError(
      desired({ declared: false, organizations }),
      live(),
      OPTIONS,
    );
    expect(error.problems).toHaveLength(60);
    expect(error.message).toContain("(60 problems)");
    expect(error.message).toContain("… and 10 more");
    expect(error.message.split("\n")).toHaveLength(52);
  });
});
