import { describe, expect, it } from "vitest";

import type { ApiProfile, CsmReader } from "../../src/api/types.js";
import { readLive } from "../../src/live/index.js";
import type { Desired } from "../../src/model/index.js";

const at = { file: "orgsync/orgs.yaml", line: 1, column: 1 };
const PRODUCT = "0b6a1c2e-3f4d-4a5b-8c6d-7e8f9a0b1c2d";

/** A site whose profile answers carry these entitlement details, behind Acme and Beta. */
function siteWith(details: unknown[]): CsmReader {
  const profile = (name: string, entitled: boolean): ApiProfile => ({
    id: `id-${name}`,
    name,
    details: [],
    customers: [],
    entitlements: entitled
      ? [{ id: "e1", product: { id: PRODUCT, name: "Widget" }, details }]
      : [],
  });
  const answer = [profile("Beta", false), profile("Acme", true)];
  const reader: Pick<CsmReader, "listDetailFields" | "fetchProfiles"> = {
    listDetailFields: () => Promise.resolve([]),
    fetchProfiles: () => Promise.resolve(answer),
  };
  return reader as CsmReader;
}

/** Manifests naming Acme and Beta; with `entitlement`, they use entitlement fields too. */
function desired(entitlement: boolean): Desired {
  const none = { declared: false, prune: false, items: [] };
  return {
    fields: none,
    ...(entitlement ? { entityFields: { entitlement: none } } : {}),
    organizations: ["Acme", "Beta"].map((name) => ({
      name,
      previousNames: [],
      ensure: "present" as const,
      details: [],
      pruneProducts: false,
      source: at,
    })),
  };
}

const acmeDetails = async (details: unknown[], entitlement: boolean) => {
  const live = await readLive(siteWith(details), desired(entitlement));
  return live.organizations.find((o) => o.name === "Acme")!.entitlements[0]!
    .details;
};

describe("entitlement detail values in profiles, read tolerantly", () => {
  it("takes a plain string where a list is expected", async () => {
    const details = [
      { name: "Contract end", value: { type: "DATE", text: "2027-01-01" } },
    ];
    await expect(acmeDetails(details, true)).resolves.toEqual([
      { name: "Contract end", type: "DATE", values: ["2027-01-01"] },
    ]);
  });

  it("leaves out a detail in no known shape when no manifest uses entitlement fields", async () => {
    const details = [
      { name: "Contract end", value: { type: "DATE", text: 20270101 } },
      { name: "Support level", type: "SELECT", values: ["Gold"] },
    ];
    await expect(acmeDetails(details, false)).resolves.toEqual([
      { name: "Support level", type: "SELECT", values: ["Gold"] },
    ]);
  });

  it("fails on it, naming the profile in the answer, when they are used", async () => {
    const details = [
      { name: "Contract end", value: { type: "DATE", text: 20270101 } },
    ];
    await expect(acmeDetails(details, true)).rejects.toMatchObject({
      message: expect.stringContaining("/profiles/1/entitlements/0/details/0"),
    });
  });
});
