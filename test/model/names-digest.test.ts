import { describe, expect, it } from "vitest";

import {
  detailAddress,
  digestOf,
  indexByName,
  nameKey,
  organizationAddress,
  organizationDigest,
  rootAddress,
  sameName,
} from "../../src/model/index.js";

describe("names", () => {
  it("compares names trimmed and case-insensitively, as the API does", () => {
    expect(nameKey("  Acme Corp ")).toBe("acme corp");
    expect(sameName("ACME corp", "acme Corp  ")).toBe(true);
    expect(sameName("Acme", "Acme Corp")).toBe(false);
  });

  it("indexes names that are also Object.prototype keys as plain names", () => {
    const index = indexByName(
      ["__proto__", "constructor", "Acme"],
      (name) => name,
    );
    expect(index.get("__proto__")).toBe("__proto__");
    expect(index.get("constructor")).toBe("constructor");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("addresses", () => {
  it("quote any name unambiguously and find their root", () => {
    const address = detailAddress('Say "hi"\n', "Region");
    expect(address).toBe('organization["Say \\"hi\\"\\n"].detail["Region"]');
    expect(rootAddress(address)).toBe(organizationAddress('Say "hi"\n'));
  });
});

describe("digests", () => {
  it("do not depend on key order or on the order the API lists things in", () => {
    expect(digestOf({ a: 1, b: [1, 2] })).toBe(digestOf({ b: [1, 2], a: 1 }));
    const base = {
      id: "1",
      name: "Acme",
      customers: ["c1", "c2"],
      entitlements: [
        { id: "e1", productId: "p1", productName: "Widget" },
        { id: "e2", productId: "p2", productName: "Gadget" },
      ],
      details: [
        { name: "Region", type: "SELECT", values: ["EU"] },
        { name: "Markets", type: "MULTISELECT", values: ["AU", "US"] },
      ],
    };
    const shuffled = {
      ...base,
      customers: ["c2", "c1"],
      entitlements: [...base.entitlements].reverse(),
      details: [
        { name: "Markets", type: "MULTISELECT", values: ["US", "AU"] },
        { name: "Region", type: "SELECT", values: ["EU"] },
      ],
    };
    expect(organizationDigest(shuffled)).toBe(organizationDigest(base));
  });

  it("change when a value changes, and differ from absence", () => {
    const org = {
      id: "1",
      name: "Acme",
      customers: [],
      entitlements: [],
      details: [],
    };
    expect(organizationDigest({ ...org, name: "Acme 2" })).not.toBe(
      organizationDigest(org),
    );
    expect(organizationDigest(undefined)).toBe(digestOf(null));
    expect(organizationDigest(org)).not.toBe(digestOf(null));
  });
});
