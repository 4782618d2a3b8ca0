import { beforeEach, describe, expect, it } from "vitest";

import {
  parseSavedPlan,
  plan,
  renderJson,
  type Plan,
} from "../../src/plan/index.js";
import {
  OPTIONS,
  desired,
  field,
  live,
  liveField,
  liveOrg,
  org,
  resetLines,
} from "./builders.js";
import { showcasePlan } from "./showcase.js";

describe("renderJson", () => {
  beforeEach(resetLines);

  it("writes the saved-plan contract with keys in a fixed order", () => {
    const small = plan(
      desired({
        fields: [field("Region", "SELECT", { options: ["EU", "US"] })],
        organizations: [org("Acme", { details: { Region: "EU" } })],
      }),
      live({
        fields: [liveField("Region", "SELECT", ["EU"])],
        organizations: [
          liveOrg("Acme", { id: "o-1", details: { Region: "US" } }),
        ],
      }),
      OPTIONS,
    );
    expect(renderJson(small)).toMatchInlineSnapshot(`
      "{
        "formatVersion": 1,
        "orgsyncVersion": "0.1.0",
        "createdAt": "2026-05-01T12:00:00.000Z",
        "target": {
          "baseUrl": "http://127.0.0.1:4010/jsm/csm/cloudid/test/api/v1/"
        },
        "changes": [
          {
            "address": "field[\\"Region\\"]",
            "resource": "field",
            "action": "update",
            "destructive": false,
            "before": {
              "name": "Region",
              "type": "SELECT",
              "options": [
                "EU"
              ]
            },
            "after": {
              "name": "Region",
              "type": "SELECT",
              "options": [
                "EU",
                "US"
              ]
            },
            "liveDigest": "sha256:63e50888393fc9ac2bcaa5d68b91dbf946b6ae43aa094185627368f94dd86fbc",
            "dependsOn": [],
            "source": {
              "file": "orgsync/site.yaml",
              "line": 1,
              "column": 3
            }
          },
          {
            "address": "organization[\\"Acme\\"].detail[\\"Region\\"]",
            "resource": "detail",
            "action": "update",
            "destructive": false,
            "organizationId": "o-1",
            "organizationName": "Acme",
            "fieldName": "Region",
            "before": {
              "values": [
                "US"
              ]
            },
            "after": {
              "values": [
                "EU"
              ]
            },
            "liveDigest": "sha256:73f849dacd7fccb5ef12838e244993743b22038ee68250e8d7aa78a32de74c9b",
            "dependsOn": [],
            "source": {
              "file": "orgsync/site.yaml",
              "line": 2,
              "column": 3
            }
          }
        ],
        "unsupported": [],
        "summary": {
          "create": 0,
          "update": 2,
          "rename": 0,
          "delete": 0,
          "replace": 0
        }
      }
      "
    `);
  });

  it("gives the same text whatever order the object keys were built in", () => {
    const original = showcasePlan();
    const scrambled = JSON.parse(
      JSON.stringify(original, (_key, value: unknown) =>
        value && typeof value === "object" && !Array.isArray(value)
          ? Object.fromEntries(Object.entries(value).reverse())
          : value,
      ),
    ) as Plan;
    expect(Object.keys(scrambled)[0]).toBe("summary");
    expect(renderJson(scrambled)).toBe(renderJson(original));
  });

  it("is read back by parseSavedPlan as the same plan", () => {
    const original = showcasePlan();
    const text = renderJson(original);
    expect(text.endsWith("}\n")).toBe(true);
    expect(parseSavedPlan(text, "plan.json")).toEqual(original);
  });
});
