import { describe, expect, it } from "vitest";

import { ResponseShapeError, checkShape } from "../../src/api/index.js";

describe("checkShape", () => {
  it("returns a valid answer unchanged, extra properties allowed", () => {
    const data = {
      results: [{ name: "Region", type: { name: "TEXT" }, x: 1 }],
    };
    expect(
      checkShape("GET organization/details", "DetailFieldList", data),
    ).toBe(data);
  });

  it("names the call, the JSON pointer and what was expected", () => {
    const run = (): unknown =>
      checkShape("POST organization/profile/fetch", "ProfileList", {
        profiles: [
          {
            id: "1",
            name: "Acme",
            details: [
              { name: "Region", value: { type: "SELECT", text: "EU" } },
            ],
            entitlements: [],
            customers: [],
          },
        ],
      });
    expect(run).toThrow(ResponseShapeError);
    expect(run).toThrow(
      "POST organization/profile/fetch answered an unexpected shape at /profiles/0/details/0/value/text: expected a value of type array",
    );
  });

  it("points at a missing property", () => {
    try {
      checkShape("GET organization/1", "Organization", { id: "1", name: "A" });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({
        code: "E_API_SHAPE",
        pointer: "/details",
        definition: "Organization",
      });
    }
  });

  it("checks the top level too", () => {
    expect(() => checkShape("GET x", "EntitlementList", { a: 1 })).toThrow(
      /at the top level: expected a value of type array/,
    );
  });

  it("reads the product list as Atlassian documents it: results, cursor absent or null at the end", () => {
    const product = {
      id: "3858a61a-d337-42e6-993e-e13e1c366d4f",
      name: "Acme Widget",
    };
    for (const page of [
      { results: [product], nextPageCursor: "abc" },
      { results: [product], nextPageCursor: null },
      { results: [product] },
    ]) {
      expect(checkShape("GET product", "ProductPage", page)).toBe(page);
    }
    // The old guess, `products`, is not the documented property: it fails loudly, naming it.
    expect(() =>
      checkShape("GET product", "ProductPage", { products: [product] }),
    ).toThrow(/at \/results: expected a value \(the property is required\)/);
  });

  it("tolerates what the docs leave open and is strict on what orgsync compares", () => {
    // No configuration (the seed page's create answer), extra properties.
    expect(() =>
      checkShape("POST organization/details", "DetailField", {
        name: "Region",
        type: { name: "SELECT", options: ["EU"], extra: true },
      }),
    ).not.toThrow();
    // entitledEntity and details are not read: any shape.
    expect(() =>
      checkShape("GET organization/1/entitlement", "EntitlementList", [
        {
          id: "e1",
          product: { id: "p1", name: "Widget" },
          entitledEntity: { id: 1, kind: "CUSTOMER" },
          details: [{ name: "Support level", value: { text: ["Premium"] } }],
        },
      ]),
    ).not.toThrow();
    // A product without a name is not something to plan from.
    expect(() =>
      checkShape("GET organization/1/entitlement", "EntitlementList", [
        { id: "e1", product: { id: "p1" } },
      ]),
    ).toThrow(/at \/0\/product\/name/);
  });
});
