import { describe, expect, it } from "vitest";

import type {
  Desired,
  DesiredFields,
  DesiredOrganization,
  Live,
  LiveOrganization,
} from "../../src/model/index.js";
import { plan, type EntitlementDetailChange } from "../../src/plan/index.js";
import {
  OPTIONS,
  at,
  desired,
  field,
  live,
  liveField,
  liveOrg,
  org,
  product,
} from "./builders.js";

const declared = (items: DesiredFields["items"], prune = false) => ({
  declared: true,
  prune,
  items,
});

/** An organization whose products list entitlement details. */
function withProducts(
  organization: DesiredOrganization,
  products: Record<string, Record<string, string | null>>,
): DesiredOrganization {
  return {
    ...organization,
    products: { items: Object.keys(products), source: at() },
    productDetails: Object.entries(products).map(([name, details]) => ({
      product: name,
      details: Object.entries(details).map(([key, value]) => ({
        name: key,
        values: value === null ? [] : [value],
        source: at(),
      })),
      source: at(),
    })),
  };
}

/** A live organization whose entitlements hold these detail values. */
function entitledWith(
  organization: LiveOrganization,
  values: Record<string, Record<string, string>>,
): LiveOrganization {
  return {
    ...organization,
    entitlements: organization.entitlements.map((entitlement) => ({
      ...entitlement,
      details: Object.entries(values[entitlement.productName] ?? {}).map(
        ([name, value]) => ({ name, type: "SELECT", values: [value] }),
      ),
    })),
  };
}

const SUPPORT = field("Support level", "SELECT", {
  options: ["Standard", "Premium"],
});

const addresses = (changes: readonly { address: string }[]) =>
  changes.map((change) => change.address);

describe("planning entitlement and customer detail fields", () => {
  it("plans each entity's fields in its own name space, with its own addresses", () => {
    const wanted: Desired = {
      ...desired({ fields: [field("Region", "TEXT")] }),
      entityFields: {
        entitlement: declared([SUPPORT, field("Region", "TEXT")]),
        customer: declared([field("Title", "TEXT"), field("Tier", "TEXT")]),
      },
    };
    const site: Live = {
      ...live({ fields: [liveField("Region", "TEXT")] }),
      entityFields: { entitlement: [], customer: [liveField("Title", "TEXT")] },
    };
    const made = plan(wanted, site, OPTIONS);
    expect(made.formatVersion).toBe(2);
    expect(
      made.changes.map((c) => [c.address, c.action, "entity" in c && c.entity]),
    ).toEqual([
      ['field.customer["Tier"]', "create", "customer"],
      ['field.entitlement["Support level"]', "create", "entitlement"],
      ['field.entitlement["Region"]', "create", "entitlement"],
    ]);
  });

  it("prunes per entity, never a predefined customer field unless named", () => {
    const wanted: Desired = {
      ...desired({ fields: [] }),
      entityFields: { customer: declared([], true) },
    };
    const site: Live = {
      ...live({ fields: [liveField("Old org field", "TEXT")] }),
      entityFields: {
        customer: [liveField("Title", "TEXT"), liveField("Old", "TEXT")],
      },
    };
    const made = plan(wanted, site, OPTIONS);
    expect(addresses(made.changes)).toEqual(['field.customer["Old"]']);
    expect(made.changes[0]!.note).toContain("orgsync does not read customers");
  });

  it("sets an entitlement value on an entitled product, compared with the field's type", () => {
    const acme = entitledWith(
      liveOrg("Acme Corp", { products: ["Acme Widget"] }),
      { "Acme Widget": { "Support level": "Standard" } },
    );
    const wanted: Desired = {
      ...desired({ fields: [], organizations: [] }),
      entityFields: { entitlement: declared([SUPPORT]) },
      organizations: [
        withProducts(org("Acme Corp"), {
          "Acme Widget": { "Support level": "Premium" },
        }),
      ],
    };
    const site: Live = {
      ...live({ organizations: [acme] }),
      entityFields: {
        entitlement: [
          liveField("Support level", "SELECT", ["Standard", "Premium"]),
        ],
      },
    };
    const made = plan(wanted, site, OPTIONS);
    const [change] = made.changes as EntitlementDetailChange[];
    expect(made.changes).toHaveLength(1);
    expect(change).toMatchObject({
      address:
        'organization["Acme Corp"].product["Acme Widget"].detail["Support level"]',
      resource: "entitlementDetail",
      organizationId: acme.id,
      entitlementId: acme.entitlements[0]!.id,
      productId: product("Acme Widget").id,
      fieldName: "Support level",
      before: { values: ["Standard"] },
      after: { values: ["Premium"] },
      dependsOn: [],
    });
    expect(made.formatVersion).toBe(2);

    // Already so: nothing to do, and a plan with nothing new is version 1.
    const same = plan(
      {
        ...wanted,
        organizations: [
          withProducts(org("Acme Corp"), {
            "Acme Widget": { "Support level": "Standard" },
          }),
        ],
      },
      site,
      OPTIONS,
    );
    expect(same.changes).toEqual([]);
    expect(same.formatVersion).toBe(1);
  });

  it("a value on a product added in the same plan waits for the entitlement or the organization", () => {
    const acme = liveOrg("Acme Corp", { products: ["Acme Widget"] });
    const wanted: Desired = {
      ...desired({ fields: [] }),
      entityFields: { entitlement: declared([SUPPORT]) },
      organizations: [
        withProducts(org("Acme Corp"), {
          "Acme Widget": {},
          "Acme Gadget": { "Support level": "Premium" },
        }),
        withProducts(org("Globex"), {
          "Acme Gadget": { "Support level": "Standard" },
        }),
      ],
    };
    const site: Live = {
      ...live({ organizations: [acme] }),
      entityFields: { entitlement: [] },
    };
    const made = plan(wanted, site, OPTIONS);
    const byAddress = new Map(made.changes.map((c) => [c.address, c]));
    const gadget = byAddress.get(
      'organization["Acme Corp"].product["Acme Gadget"].detail["Support level"]',
    ) as EntitlementDetailChange;
    expect(gadget.entitlementId).toBeUndefined();
    expect(gadget.organizationId).toBe(acme.id);
    expect(gadget.dependsOn).toEqual([
      'field.entitlement["Support level"]',
      'organization["Acme Corp"].product["Acme Gadget"]',
    ]);
    const globex = byAddress.get(
      'organization["Globex"].product["Acme Gadget"].detail["Support level"]',
    ) as EntitlementDetailChange;
    expect(globex.organizationId).toBeUndefined();
    expect(globex.dependsOn).toEqual([
      'field.entitlement["Support level"]',
      'organization["Globex"]',
    ]);
    // Apply order puts every prerequisite first.
    const order = addresses(made.changes);
    expect(order.indexOf(gadget.address)).toBeGreaterThan(
      order.indexOf('organization["Acme Corp"].product["Acme Gadget"]'),
    );
    expect(order.indexOf(globex.address)).toBeGreaterThan(
      order.indexOf('organization["Globex"]'),
    );
  });

  it("an undeclared entitlement key is a located problem naming the entitlement field", () => {
    const source = at(42);
    const wanted: Desired = {
      ...desired({ fields: [] }),
      entityFields: { entitlement: declared([SUPPORT]) },
      organizations: [
        {
          ...withProducts(org("Acme Corp"), { "Acme Widget": {} }),
          productDetails: [
            {
              product: "Acme Widget",
              details: [{ name: "Contract end", values: ["x"], source }],
              source: at(),
            },
          ],
        },
      ],
    };
    const site: Live = {
      ...live({
        organizations: [liveOrg("Acme Corp", { products: ["Acme Widget"] })],
      }),
      entityFields: { entitlement: [] },
    };
    expect(() => plan(wanted, site, OPTIONS)).toThrow(
      /entitlement detail "Contract end" names no declared field/,
    );
  });
});
