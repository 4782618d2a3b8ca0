import { describe, expect, it } from "vitest";

import { compareBefore } from "../../src/apply/compare-before.js";
import { digestOf, fieldAddress } from "../../src/model/index.js";
import type { LiveOrganization } from "../../src/model/index.js";
import type {
  EntitlementDetailChange,
  FieldChange,
} from "../../src/plan/types.js";

const createSupport: FieldChange = {
  address: fieldAddress("Support level", "entitlement"),
  resource: "field",
  entity: "entitlement",
  action: "create",
  destructive: false,
  before: null,
  after: { name: "Support level", type: "TEXT" },
  liveDigest: digestOf(null),
  dependsOn: [],
};

const acme: LiveOrganization = {
  id: "1",
  name: "Acme Corp",
  details: [],
  entitlements: [
    {
      id: "e1",
      productId: "p1",
      productName: "Acme Widget",
      details: [{ name: "Support level", type: "TEXT", values: ["Standard"] }],
    },
  ],
  customers: [],
};

const setWidget: EntitlementDetailChange = {
  address:
    'organization["Acme Corp"].product["Acme Widget"].detail["Support level"]',
  resource: "entitlementDetail",
  action: "update",
  destructive: false,
  before: { values: ["Standard"] },
  after: { values: ["Premium"] },
  liveDigest: digestOf(null),
  dependsOn: [],
  organizationName: "Acme Corp",
  organizationId: "1",
  productId: "p1",
  productName: "Acme Widget",
  entitlementId: "e1",
  fieldName: "Support level",
};

const stale = (
  changes: Parameters<typeof compareBefore>[0],
  live: Parameters<typeof compareBefore>[1],
) => compareBefore(changes, live).map(({ address, what }) => [address, what]);

describe("compareBefore for entitlement fields and values", () => {
  it("a field of one entity is looked up among that entity's fields only", () => {
    const organizationField = { name: "Support level", type: "TEXT" };
    expect(
      stale([createSupport], {
        fields: [organizationField],
        organizations: [],
      }),
    ).toEqual([]);
    expect(
      stale([createSupport], {
        fields: [],
        entityFields: { entitlement: [organizationField] },
        organizations: [],
      }),
    ).toEqual([['field.entitlement["Support level"]', "field"]]);
  });

  it("an entitlement value must still be what the plan read, on the same entitlement", () => {
    expect(stale([setWidget], { fields: [], organizations: [acme] })).toEqual(
      [],
    );
    const changed: LiveOrganization = {
      ...acme,
      entitlements: [
        {
          ...acme.entitlements[0]!,
          details: [
            { name: "Support level", type: "TEXT", values: ["Premium"] },
          ],
        },
      ],
    };
    expect(
      stale([setWidget], { fields: [], organizations: [changed] }),
    ).toEqual([[setWidget.address, "values"]]);
    const gone: LiveOrganization = { ...acme, entitlements: [] };
    expect(stale([setWidget], { fields: [], organizations: [gone] })).toEqual([
      [setWidget.address, "entitlement"],
    ]);
    // An address edited to name another product is refused, whatever the site holds.
    expect(
      stale([{ ...setWidget, productName: "Acme Gadget" }], {
        fields: [],
        organizations: [acme],
      }),
    ).toEqual([[setWidget.address, "address"]]);
  });
});
