import { describe, expect, it } from "vitest";

import { fieldDigest } from "../../src/model/index.js";
import { PlanInputError, plan, type Change } from "../../src/plan/index.js";
import {
  OPTIONS,
  desired,
  field,
  live,
  liveField,
  liveOrg,
  org,
} from "./builders.js";

const byAddress = (changes: readonly Change[], address: string) =>
  changes.find((change) => change.address === address);

describe("plan: detail fields", () => {
  it("creates a field the site lacks, with the digest of absence", () => {
    const result = plan(
      desired({
        fields: [field("Region", "SELECT", { options: ["AU", "EU"] })],
      }),
      live(),
      OPTIONS,
    );
    expect(result.changes).toEqual([
      expect.objectContaining({
        address: 'field["Region"]',
        resource: "field",
        action: "create",
        destructive: false,
        before: null,
        after: { name: "Region", type: "SELECT", options: ["AU", "EU"] },
        liveDigest: fieldDigest(undefined),
        dependsOn: [],
      }),
    ]);
    expect(result.summary).toEqual({
      create: 1,
      update: 0,
      rename: 0,
      delete: 0,
      replace: 0,
    });
  });

  it("plans nothing for a field that matches whatever the spacing around its name", () => {
    const result = plan(
      desired({
        fields: [field("Region", "SELECT", { options: ["AU", "EU"] })],
      }),
      live({ fields: [liveField(" Region ", "SELECT", ["AU", "EU"])] }),
      OPTIONS,
    );
    expect(result.changes).toEqual([]);
  });

  it("renames a field whose name differs only in case, keeping its values", () => {
    const result = plan(
      desired({
        fields: [field("REGION", "SELECT", { options: ["AU", "EU"] })],
        organizations: [org("Acme", { details: { REGION: "EU" } })],
      }),
      live({
        fields: [liveField("Region", "SELECT", ["AU", "EU"])],
        organizations: [liveOrg("Acme", { details: { Region: "EU" } })],
      }),
      OPTIONS,
    );
    expect(
      result.changes.map((c) => [c.address, c.action, c.before, c.after]),
    ).toEqual([
      [
        'field["REGION"]',
        "rename",
        { name: "Region", type: "SELECT", options: ["AU", "EU"] },
        { name: "REGION", type: "SELECT", options: ["AU", "EU"] },
      ],
    ]);
  });

  it("updates the options of a field, in one change carrying the whole new list", () => {
    const liveRegion = liveField("Region", "SELECT", ["AU", "EU", "US"]);
    const result = plan(
      desired({
        fields: [
          field("Region", "SELECT", { options: ["AU", "EU", "US", "APAC"] }),
        ],
      }),
      live({ fields: [liveRegion] }),
      OPTIONS,
    );
    expect(result.changes).toEqual([
      expect.objectContaining({
        address: 'field["Region"]',
        action: "update",
        destructive: false,
        before: { name: "Region", type: "SELECT", options: ["AU", "EU", "US"] },
        after: {
          name: "Region",
          type: "SELECT",
          options: ["AU", "EU", "US", "APAC"],
        },
        liveDigest: fieldDigest(liveRegion),
      }),
    ]);
  });

  it("treats a new option order as an update, because the API keeps the order it is given", () => {
    const result = plan(
      desired({
        fields: [field("Tier", "SELECT", { options: ["Gold", "Silver"] })],
      }),
      live({ fields: [liveField("Tier", "SELECT", ["Silver", "Gold"])] }),
      OPTIONS,
    );
    expect(result.changes.map((c) => c.action)).toEqual(["update"]);
  });

  it("marks removing options destructive, saying how many organizations read hold them", () => {
    const result = plan(
      desired({
        fields: [field("Region", "SELECT", { options: ["AU", "EU"] })],
      }),
      live({
        fields: [liveField("Region", "SELECT", ["AU", "EU", "US", "NZ"])],
        organizations: [
          liveOrg("A", { details: { Region: "US" } }),
          liveOrg("B", { details: { Region: "US" } }),
          liveOrg("C", { details: { Region: "EU" } }),
        ],
      }),
      OPTIONS,
    );
    expect(result.changes[0]).toMatchObject({
      action: "update",
      destructive: true,
      note: 'removes options "US" (held by 2 of the 3 organizations read), "NZ" (held by 0 of the 3 organizations read); the site drops removed options from the values of every organization that holds them',
    });
  });

  it("keeps adding or reordering options non-destructive", () => {
    const result = plan(
      desired({
        fields: [field("Region", "SELECT", { options: ["EU", "AU", "US"] })],
      }),
      live({ fields: [liveField("Region", "SELECT", ["AU", "EU"])] }),
      OPTIONS,
    );
    expect(result.changes[0]).toMatchObject({
      action: "update",
      destructive: false,
    });
    expect(result.changes[0]?.note).toBeUndefined();
  });

  it("renames a field found under a previous name in one change that also sets its options", () => {
    const level = liveField("Level", "SELECT", ["Gold", "Silver"]);
    const result = plan(
      desired({
        fields: [
          field("Tier", "SELECT", {
            options: ["Gold", "Silver", "Bronze"],
            previousNames: ["Level"],
          }),
        ],
      }),
      live({ fields: [level] }),
      OPTIONS,
    );
    expect(result.changes).toEqual([
      expect.objectContaining({
        address: 'field["Tier"]',
        action: "rename",
        destructive: false,
        before: { name: "Level", type: "SELECT", options: ["Gold", "Silver"] },
        after: {
          name: "Tier",
          type: "SELECT",
          options: ["Gold", "Silver", "Bronze"],
        },
        liveDigest: fieldDigest(level),
      }),
    ]);
    expect(result.summary.rename).toBe(1);
  });

  it("counts values stored under the old name as the renamed field's values", () => {
    const result = plan(
      desired({
        fields: [field("Tier", "TEXT", { previousNames: ["Level"] })],
        organizations: [
          org("Same", { details: { Tier: "Gold" } }),
          org("Differs", { details: { Tier: "Gold" } }),
        ],
      }),
      live({
        fields: [liveField("Level", "TEXT")],
        organizations: [
          liveOrg("Same", { details: { Level: "Gold" } }),
          liveOrg("Differs", { id: "org-d", details: { Level: "Silver" } }),
        ],
      }),
      OPTIONS,
    );
    expect(result.changes.map((c) => c.address)).toEqual([
      'field["Tier"]',
      'organization["Differs"].detail["Tier"]',
    ]);
    expect(
      byAddress(result.changes, 'organization["Differs"].detail["Tier"]'),
    ).toMatchObject({
      fieldName: "Tier",
      organizationId: "org-d",
      before: { values: ["Silver"] },
      after: { values: ["Gold"] },
      dependsOn: ['field["Tier"]'],
    });
  });

  it("refuses a field whose name and previous name are two fields on the site", () => {
    const attempt = () =>
      plan(
        desired({
          prune: true,
          fields: [field("Tier", "TEXT", { previousNames: ["Level"] })],
          organizations: [org("Acme", { details: { Tier: "Gold" } })],
        }),
        live({
          fields: [liveField("Tier", "TEXT"), liveField("Level", "TEXT")],
          organizations: [
            liveOrg("Acme", { details: { Tier: "Gold", Level: "Silver" } }),
          ],
        }),
        OPTIONS,
      );
    expect(attempt).toThrow(PlanInputError);
    expect(attempt).toThrow(
      'field "Tier" and its previous name "Level" are two different fields on the site',
    );
  });

  it("creates new fields only after pruned ones made room under the 50-field limit", () => {
    const kept = Array.from({ length: 49 }, (_, i) => `Field ${i}`);
    const result = plan(
      desired({
        prune: true,
        fields: [...kept, "New"].map((name) => field(name, "TEXT")),
      }),
      live({
        fields: [...kept, "Old"].map((name) => liveField(name, "TEXT")),
      }),
      OPTIONS,
    );
    expect(
      result.changes.map((c) => [c.address, c.action, c.dependsOn]),
    ).toEqual([
      ['field["Old"]', "delete", []],
      ['field["New"]', "create", ['field["Old"]']],
    ]);
  });

  it("leaves creates independent of deletes while there is room", () => {
    const result = plan(
      desired({ prune: true, fields: [field("New", "TEXT")] }),
      live({ fields: [liveField("Old", "TEXT")] }),
      OPTIONS,
    );
    expect(result.changes.map((c) => [c.address, c.dependsOn])).toEqual([
      ['field["New"]', []],
      ['field["Old"]', []],
    ]);
  });

  it("replaces a field whose type changed, destructively, saying how many organizations lose values", () => {
    const score = liveField("Score", "TEXT");
    const organizations = [
      liveOrg("A", { details: { Score: "12" } }),
      liveOrg("B", { details: { Score: "7" } }),
      liveOrg("C"),
    ];
    const result = plan(
      desired({ fields: [field("Score", "NUMBER")] }),
      live({ fields: [score], organizations }),
      OPTIONS,
    );
    expect(result.changes).toEqual([
      expect.objectContaining({
        address: 'field["Score"]',
        action: "replace",
        destructive: true,
        before: { name: "Score", type: "TEXT" },
        after: { name: "Score", type: "NUMBER" },
        liveDigest: fieldDigest(score),
        note: "2 of the 3 organizations read hold values in this field; all values are deleted",
      }),
    ]);
    expect(result.summary.replace).toBe(1);
  });

  it("sets values again after a replace, even ones that looked equal, depending on the replace", () => {
    const result = plan(
      desired({
        fields: [field("Score", "NUMBER")],
        organizations: [
          org("Kept", { details: { Score: "12" } }),
          org("Cleared", { details: { Score: null } }),
        ],
      }),
      live({
        fields: [liveField("Score", "TEXT")],
        organizations: [
          liveOrg("Kept", { details: { Score: "12" } }),
          liveOrg("Cleared", { details: { Score: "3" } }),
        ],
      }),
      OPTIONS,
    );
    expect(result.changes.map((c) => c.address)).toEqual([
      'field["Score"]',
      'organization["Kept"].detail["Score"]',
    ]);
    expect(result.changes[1]).toMatchObject({
      action: "update",
      before: { values: ["12"] },
      after: { values: ["12"] },
      dependsOn: ['field["Score"]'],
      note: 'replacing field "Score" deletes this value; it is set again',
    });
  });

  it("replaces a renamed field whose type also changed: delete the old, create the new", () => {
    const result = plan(
      desired({
        fields: [field("Score", "NUMBER", { previousNames: ["Points"] })],
      }),
      live({ fields: [liveField("Points", "TEXT")] }),
      OPTIONS,
    );
    expect(result.changes).toEqual([
      expect.objectContaining({
        address: 'field["Score"]',
        action: "replace",
        before: { name: "Points", type: "TEXT" },
        after: { name: "Score", type: "NUMBER" },
      }),
    ]);
  });

  it("with prune, deletes live fields no document lists, destructively, after everything else", () => {
    const result = plan(
      desired({
        prune: true,
        fields: [field("Region", "TEXT")],
        organizations: [org("Acme", { details: { Region: "EU" } })],
      }),
      live({
        fields: [liveField("Region", "TEXT"), liveField("Legacy", "TEXT")],
        organizations: [liveOrg("Acme", { details: { Legacy: "x" } })],
      }),
      OPTIONS,
    );
    expect(
      result.changes.map((c) => [c.address, c.action, c.destructive]),
    ).toEqual([
      ['organization["Acme"].detail["Region"]', "update", false],
      ['field["Legacy"]', "delete", true],
    ]);
    expect(result.changes[1]).toMatchObject({
      before: { name: "Legacy", type: "TEXT" },
      after: null,
      note: "1 of the 1 organization read holds values in this field; they are deleted with it",
    });
  });

  describe("predefined fields (Type, Industry, External ID, Address, Website, Customer Segment)", () => {
    const predefined = [
      liveField("Type", "MULTISELECT", [
        "Customer",
        "Prospect",
        "Partner",
        "Supplier/Vendor",
        "Other",
      ]),
      liveField("Industry", "TEXT"),
      liveField("External ID", "TEXT"),
      liveField("Address", "TEXT"),
      liveField("Website", "URL"),
      liveField("Customer Segment", "MULTISELECT", [
        "Enterprise",
        "Mid-market",
        "SMB",
        "Startup",
        "Consumer",
      ]),
    ];

    it("prune: true never deletes one that no manifest names, but deletes other unlisted fields", () => {
      const result = plan(
        desired({ prune: true, fields: [field("Region", "TEXT")] }),
        live({
          fields: [
            ...predefined,
            liveField("Region", "TEXT"),
            liveField("Legacy", "TEXT"),
          ],
        }),
        OPTIONS,
      );
      expect(result.changes.map((c) => [c.address, c.action])).toEqual([
        ['field["Legacy"]', "delete"],
      ]);
    });

    it("adopts one declared with its own type (options may change like any field's)", () => {
      const result = plan(
        desired({
          prune: true,
          fields: [field("Industry", "TEXT"), field("Website", "URL")],
        }),
        live({ fields: predefined }),
        OPTIONS,
      );
      expect(result.changes).toEqual([]);
    });

    it("refuses to replace one declared with another type, naming the predefined field", () => {
      expect(() =>
        plan(
          desired({ fields: [field("Website", "TEXT")] }),
          live({ fields: predefined }),
          OPTIONS,
        ),
      ).toThrow(
        /"Website" is the site's predefined field "Website" of type URL; expected type URL/,
      );
    });

    it("deletes one only through an explicit, destructive ensure: absent entry", () => {
      const result = plan(
        desired({
          prune: true,
          fields: [
            field("Address", "TEXT", { ensure: "absent" }),
            field("Gone", "TEXT", { ensure: "absent" }),
          ],
        }),
        live({
          fields: predefined,
          organizations: [
            liveOrg("Acme", { details: { Address: "1 Main St" } }),
          ],
        }),
        OPTIONS,
      );
      expect(
        result.changes.map((c) => [c.address, c.action, c.destructive]),
      ).toEqual([['field["Address"]', "delete", true]]);
      expect(result.changes[0]!.note).toBe(
        "ensure: absent: 1 of the 1 organization read holds values in this field; they are deleted with it",
      );
    });
  });

  it("leaves unlisted live fields alone without prune", () => {
    const result = plan(
      desired({ fields: [field("Region", "TEXT")] }),
      live({
        fields: [liveField("Region", "TEXT"), liveField("Legacy", "TEXT")],
      }),
      OPTIONS,
    );
    expect(result.changes).toEqual([]);
  });

  it("does not manage fields at all when no DetailFields document was given", () => {
    const result = plan(
      desired({
        declared: false,
        prune: true,
        organizations: [org("Acme", { details: { region: "EU" } })],
      }),
      live({
        fields: [
          liveField("Region", "SELECT", ["EU", "US"]),
          liveField("Other", "TEXT"),
        ],
        organizations: [
          liveOrg("Acme", { id: "a1", details: { Region: "US" } }),
        ],
      }),
      OPTIONS,
    );
    expect(result.changes).toEqual([
      expect.objectContaining({
        address: 'organization["Acme"].detail["Region"]',
        fieldName: "Region",
        dependsOn: [],
      }),
    ]);
  });
});
