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
});
