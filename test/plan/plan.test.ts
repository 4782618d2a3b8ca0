import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { plan, type Change } from "../../src/plan/index.js";
import {
  OPTIONS,
  desired,
  field,
  live,
  liveField,
  liveOrg,
  org,
} from "./builders.js";

/** One input that makes every kind of change, to check order and dependencies. */
function everything(): Parameters<typeof plan> {
  return [
    desired({
      prune: true,
      fields: [
        field("Region", "SELECT", { options: ["AU", "EU", "US", "APAC"] }),
        field("Tier", "TEXT", { previousNames: ["Level"] }),
        field("Score", "NUMBER"),
        field("Renewal date", "DATE"),
      ],
      organizations: [
        org("Acme Corp", {
          previousNames: ["ACME Inc"],
          details: { Region: "APAC", Tier: "Gold", Score: "3" },
          products: ["Acme Widget"],
          pruneProducts: true,
        }),
        org("Globex", { details: { "Renewal date": "2027-01-31" } }),
        org("Old Co", { ensure: "absent" }),
      ],
    }),
    live({
      fields: [
        liveField("Region", "SELECT", ["AU", "EU", "US"]),
        liveField("Level", "TEXT"),
        liveField("Score", "TEXT"),
        liveField("Legacy", "TEXT"),
      ],
      organizations: [
        liveOrg("ACME Inc", {
          details: { Region: "US", Level: "Silver", Score: "3" },
          products: ["Acme Gadget"],
        }),
        liveOrg("Old Co"),
      ],
    }),
    OPTIONS,
  ];
}

describe("plan", () => {
  it("orders changes for apply: fields, renames, creates, values, entitlement and organization deletes, field deletes", () => {
    const result = plan(...everything());
    expect(result.changes.map((c) => `${c.action} ${c.address}`)).toEqual([
      'update field["Region"]',
      'create field["Renewal date"]',
      'replace field["Score"]',
      'rename field["Tier"]',
      'rename organization["Acme Corp"]',
      'create organization["Globex"]',
      'update organization["Acme Corp"].detail["Region"]',
      'update organization["Acme Corp"].detail["Score"]',
      'update organization["Acme Corp"].detail["Tier"]',
      'create organization["Acme Corp"].product["Acme Widget"]',
      'delete organization["Acme Corp"].product["Acme Gadget"]',
      'delete organization["Old Co"]',
      'delete field["Legacy"]',
    ]);
    expect(result.summary).toEqual({
      create: 3,
      update: 4,
      rename: 2,
      delete: 3,
      replace: 1,
    });
  });

  it("lists real prerequisites in dependsOn, each earlier in the plan", () => {
    const result = plan(...everything());
    const deps = Object.fromEntries(
      result.changes.map((c) => [c.address, c.dependsOn]),
    );
    expect(deps['organization["Acme Corp"].detail["Region"]']).toEqual([
      'field["Region"]',
      'organization["Acme Corp"]',
    ]);
    expect(deps['organization["Acme Corp"].detail["Tier"]']).toEqual([
      'field["Tier"]',
      'organization["Acme Corp"]',
    ]);
    expect(deps['organization["Globex"]']).toEqual(['field["Renewal date"]']);
    expect(deps['organization["Acme Corp"].product["Acme Gadget"]']).toEqual([
      'organization["Acme Corp"]',
    ]);
    const seen = new Set<string>();
    for (const change of result.changes) {
      for (const address of change.dependsOn) expect(seen).toContain(address);
      seen.add(change.address);
    }
  });

  it("stamps the plan with the given time, version and target, reading no clock", () => {
    const result = plan(...everything());
    expect(result).toMatchObject({
      formatVersion: 1,
      orgsyncVersion: OPTIONS.orgsyncVersion,
      createdAt: OPTIONS.now,
      target: OPTIONS.target,
    });
  });

  it("gives the same plan whatever order the manifests and the site list things in", () => {
    const [wanted, current, options] = everything();
    const expected = plan(wanted, current, options);
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
        (seeds) => {
          const shuffle = <T>(items: readonly T[], seed: number): T[] =>
            items
              .map((item, i) => ({ item, key: (i * 7919 + seed) % 104729 }))
              .sort((a, b) => a.key - b.key)
              .map(({ item }) => item);
          const reordered = plan(
            {
              fields: {
                ...wanted.fields,
                items: shuffle(wanted.fields.items, seeds[0]!),
              },
              organizations: shuffle(wanted.organizations, seeds[1]!),
            },
            {
              ...current,
              fields: shuffle(current.fields, seeds[2]!),
              organizations: shuffle(current.organizations, seeds[3]!).map(
                (o) => ({
                  ...o,
                  details: shuffle(o.details, seeds[4]!),
                  entitlements: shuffle(o.entitlements, seeds[5]!),
                }),
              ),
              products: shuffle(current.products ?? [], seeds[6]!),
            },
            options,
          );
          expect(reordered).toEqual(expected);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("does not change its inputs", () => {
    const input = everything();
    const copy = structuredClone(input);
    plan(...input);
    expect(input).toEqual(copy);
  });

  it("treats names such as __proto__ as plain names", () => {
    const result = plan(
      desired({
        fields: [field("__proto__", "TEXT"), field("constructor", "TEXT")],
        organizations: [org("__proto__", { details: { constructor: "x" } })],
      }),
      live({ fields: [liveField("constructor", "TEXT")] }),
      OPTIONS,
    );
    expect(result.changes.map((c: Change) => c.address)).toEqual([
      'field["__proto__"]',
      'organization["__proto__"]',
    ]);
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
  });
});
