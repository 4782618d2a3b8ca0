import { describe, expect, it } from "vitest";

import { organizationDigest } from "../../src/model/index.js";
import { plan } from "../../src/plan/index.js";
import {
  OPTIONS,
  PRODUCTS,
  desired,
  field,
  live,
  liveField,
  liveOrg,
  org,
  product,
} from "./builders.js";

const FIELDS = [
  field("Region", "SELECT", { options: ["AU", "EU", "US"] }),
  field("Tags", "MULTISELECT", { options: ["a", "b", "c"] }),
  field("Renewal date", "DATE"),
];
const LIVE_FIELDS = [
  liveField("Region", "SELECT", ["AU", "EU", "US"]),
  liveField("Tags", "MULTISELECT", ["a", "b", "c"]),
  liveField("Renewal date", "DATE"),
];

describe("plan: organizations", () => {
  it("creates a missing organization in one profile create with details, products and customers", () => {
    const result = plan(
      desired({
        fields: [...FIELDS, field("Notes", "TEXT")],
        organizations: [
          org("Globex", {
            details: { Region: "EU", Tags: [], Notes: "new" },
            products: [" acme widget", PRODUCTS[1]!.id],
            customers: ["qm:1"],
          }),
        ],
      }),
      live({ fields: LIVE_FIELDS }),
      OPTIONS,
    );
    expect(result.changes.map((c) => c.address)).toEqual([
      'field["Notes"]',
      'organization["Globex"]',
    ]);
    expect(result.changes[1]).toEqual(
      expect.objectContaining({
        resource: "organization",
        action: "create",
        destructive: false,
        before: null,
        after: {
          name: "Globex",
          details: [
            { name: "Region", values: ["EU"] },
            { name: "Notes", values: ["new"] },
          ],
          products: [product("Acme Widget"), product("Acme Gadget")],
          customers: ["qm:1"],
        },
        liveDigest: organizationDigest(undefined),
        dependsOn: ['field["Notes"]'],
      }),
    );
  });

  it("renames an organization found under a previous name instead of creating it", () => {
    const acme = liveOrg("ACME Inc", { id: "o-1", details: { Region: "US" } });
    const result = plan(
      desired({
        fields: FIELDS,
        organizations: [
          org("Acme Corp", {
            previousNames: ["acme inc "],
            details: { Region: "EU" },
          }),
        ],
      }),
      live({ fields: LIVE_FIELDS, organizations: [acme] }),
      OPTIONS,
    );
    expect(result.changes).toEqual([
      expect.objectContaining({
        address: 'organization["Acme Corp"]',
        action: "rename",
        destructive: false,
        organizationId: "o-1",
        before: { name: "ACME Inc" },
        after: { name: "Acme Corp" },
        liveDigest: organizationDigest(
          live({ fields: LIVE_FIELDS, organizations: [acme] }).organizations[0],
        ),
      }),
      expect.objectContaining({
        address: 'organization["Acme Corp"].detail["Region"]',
        organizationName: "Acme Corp",
        dependsOn: ['organization["Acme Corp"]'],
      }),
    ]);
  });

  it("renames an organization whose name differs only in case, and not one that differs only in spacing", () => {
    const result = plan(
      desired({
        fields: FIELDS,
        organizations: [
          org("FABRIKAM INC", { details: { Region: "EU" } }),
          org("Globex"),
        ],
      }),
      live({
        fields: LIVE_FIELDS,
        organizations: [
          liveOrg("Fabrikam Inc", { id: "o-fab", details: { Region: "AU" } }),
          liveOrg(" Globex ", { id: "o-glo" }),
        ],
      }),
      OPTIONS,
    );
    expect(
      result.changes.map((c) => [c.address, c.action, c.dependsOn]),
    ).toEqual([
      ['organization["FABRIKAM INC"]', "rename", []],
      [
        'organization["FABRIKAM INC"].detail["Region"]',
        "update",
        ['organization["FABRIKAM INC"]'],
      ],
    ]);
    expect(result.changes[0]).toMatchObject({
      organizationId: "o-fab",
      before: { name: "Fabrikam Inc" },
      after: { name: "FABRIKAM INC" },
    });
  });

  it("sets, changes and clears only the detail keys the manifest lists", () => {
    const result = plan(
      desired({
        fields: FIELDS,
        organizations: [
          org("Acme", {
            details: { Region: "EU", Tags: null, "Renewal date": "2027-01-31" },
          }),
        ],
      }),
      live({
        fields: [...LIVE_FIELDS, liveField("Unlisted", "TEXT")],
        organizations: [
          liveOrg("Acme", {
            id: "o-9",
            details: { Region: "US", Tags: ["a"], Unlisted: "keep me" },
          }),
        ],
      }),
      OPTIONS,
    );
    expect(
      result.changes.map((c) => [c.address, c.action, c.before, c.after]),
    ).toEqual([
      [
        'organization["Acme"].detail["Region"]',
        "update",
        { values: ["US"] },
        { values: ["EU"] },
      ],
      [
        'organization["Acme"].detail["Renewal date"]',
        "update",
        { values: [] },
        { values: ["2027-01-31"] },
      ],
      [
        'organization["Acme"].detail["Tags"]',
        "update",
        { values: ["a"] },
        { values: [] },
      ],
    ]);
    expect(result.changes.every((c) => !c.destructive)).toBe(true);
  });

  it("compares values as the API keeps them: MULTISELECT in any order, dates by their date", () => {
    const result = plan(
      desired({
        fields: FIELDS,
        organizations: [
          org("Acme", {
            details: {
              Tags: ["c", "a"],
              "Renewal date": "2027-01-31",
              Region: [],
            },
          }),
        ],
      }),
      live({
        fields: LIVE_FIELDS,
        organizations: [
          liveOrg("Acme", {
            details: {
              Tags: ["a", "c"],
              "Renewal date": "2027-01-31T00:00:00Z",
            },
          }),
        ],
      }),
      OPTIONS,
    );
    expect(result.changes).toEqual([]);
  });

  it("adds missing entitlements by product name or id and keeps extra ones without pruneProducts", () => {
    const result = plan(
      desired({
        organizations: [
          org("Acme", { products: ["ACME WIDGET", PRODUCTS[2]!.id] }),
        ],
      }),
      live({
        organizations: [
          liveOrg("Acme", {
            id: "o-2",
            products: ["Acme Widget", "Acme Gadget"],
          }),
        ],
      }),
      OPTIONS,
    );
    expect(result.changes).toEqual([
      expect.objectContaining({
        address: 'organization["Acme"].product["Acme Sprocket"]',
        resource: "entitlement",
        action: "create",
        destructive: false,
        organizationId: "o-2",
        before: null,
        after: { productId: PRODUCTS[2]!.id, productName: "Acme Sprocket" },
      }),
    ]);
  });

  it("removes unlisted entitlements only with pruneProducts, destructively", () => {
    const acme = liveOrg("Acme", {
      id: "o-3",
      products: ["Acme Widget", "Acme Gadget"],
    });
    const result = plan(
      desired({
        organizations: [
          org("Acme", { products: ["Acme Widget"], pruneProducts: true }),
        ],
      }),
      live({ organizations: [acme] }),
      OPTIONS,
    );
    expect(result.changes).toEqual([
      expect.objectContaining({
        address: 'organization["Acme"].product["Acme Gadget"]',
        resource: "entitlement",
        action: "delete",
        destructive: true,
        before: {
          productId: product("Acme Gadget").id,
          productName: "Acme Gadget",
          entitlementId: acme.entitlements[1]!.id,
        },
        after: null,
      }),
    ]);
  });

  it("does not touch entitlements when the manifest does not list products", () => {
    const result = plan(
      desired({ organizations: [org("Acme", { pruneProducts: true })] }),
      live({ organizations: [liveOrg("Acme", { products: ["Acme Widget"] })] }),
      OPTIONS,
    );
    expect(result.changes).toEqual([]);
  });

  it("says nothing about customers listed in another order", () => {
    const result = plan(
      desired({
        organizations: [org("Acme", { customers: ["qm:2", "qm:1"] })],
      }),
      live({
        organizations: [liveOrg("Acme", { customers: ["qm:1", "qm:2"] })],
      }),
      OPTIONS,
    );
    expect(result.unsupported).toEqual([]);
  });

  it("deletes an organization with ensure: absent, found by name or previous name, destructively", () => {
    const old = liveOrg("Old Co", {
      id: "o-old",
      details: { Region: "EU" },
      products: ["Acme Widget"],
    });
    const renamedAway = liveOrg("Former Name", { id: "o-former" });
    const result = plan(
      desired({
        organizations: [
          org("old co", { ensure: "absent" }),
          org("Gone", { ensure: "absent", previousNames: ["Former Name"] }),
          org("Never Existed", { ensure: "absent" }),
        ],
      }),
      live({ organizations: [old, renamedAway], fields: LIVE_FIELDS }),
      OPTIONS,
    );
    expect(
      result.changes.map((c) => [c.address, c.action, c.destructive]),
    ).toEqual([
      ['organization["Gone"]', "delete", true],
      ['organization["old co"]', "delete", true],
    ]);
    expect(result.changes[1]).toMatchObject({
      organizationId: "o-old",
      before: {
        name: "Old Co",
        details: [{ name: "Region", values: ["EU"] }],
        products: [{ id: product("Acme Widget").id, name: "Acme Widget" }],
        customers: [],
      },
      after: null,
    });
    expect(result.summary.delete).toBe(2);
  });

  it("takes an id as it is when the site's products were not read", () => {
    const id = "6f1f6b1f-0000-4000-8000-000000000001";
    const result = plan(
      desired({ organizations: [org("Acme", { products: [id] })] }),
      live({ organizations: [liveOrg("Acme", { id: "o-5" })], products: null }),
      OPTIONS,
    );
    expect(result.changes[0]).toMatchObject({
      action: "create",
      after: { productId: id, productName: id },
    });
  });
});
