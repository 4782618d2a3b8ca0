import { describe, expect, it } from "vitest";

import { checkAgainstLiveFields } from "../../src/manifest/index.js";
import type { Desired, LiveField } from "../../src/model/index.js";
import { FIELDS, desiredOf, load, organization } from "./helpers.js";

const LIVE: readonly LiveField[] = [
  { name: "Region", type: "SELECT", options: ["AU", "EU", "US"] },
  { name: "Renewal date", type: "DATE" },
  { name: "Hologram", type: "HOLOGRAM" },
];

describe("checkAgainstLiveFields", () => {
  it("checks keys against the live fields when no DetailFields document is given", () => {
    const desired = desiredOf(
      load({
        "o.yaml": organization(
          "Acme",
          "details:\n  Regoin: EU\n  region: EU\n  Renewal date: 2026-13-01\n  Hologram: [anything, goes]\n",
        ),
      }),
    );
    const issues = checkAgainstLiveFields(desired, LIVE);
    expect(
      issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.message}`),
    ).toEqual([
      'o.yaml:5:3 "Regoin" is not a detail field of the site',
      'o.yaml:7:17 "Renewal date": "2026-13-01" is not a real date written YYYY-MM-DD',
    ]);
    expect(issues[0]).toMatchObject({
      suggestion: "Region",
      pointer: "/details/Regoin",
      sourceLine: "  Regoin: EU",
    });
  });

  it("checks values against the live options, with did-you-mean", () => {
    const desired = desiredOf(
      load({ "o.yaml": organization("Acme", "details:\n  Region: [Eu]\n") }),
    );
    expect(checkAgainstLiveFields(desired, LIVE)).toMatchObject([
      {
        line: 5,
        column: 12,
        message: '"Region": "Eu" is not an option of this field',
        suggestion: "EU",
      },
    ]);
  });

  it("has nothing to add when the manifests declare the fields", () => {
    const desired = desiredOf(
      load({
        "f.yaml": FIELDS,
        "o.yaml": organization("Acme", "details:\n  Zip: '123'\n"),
      }),
    );
    expect(checkAgainstLiveFields(desired, [])).toEqual([]);
  });

  it("works on a Desired built by hand, at the detail's source", () => {
    const source = { file: "hand.yaml", line: 3, column: 5 };
    const desired: Desired = {
      fields: { declared: false, prune: false, items: [] },
      organizations: [
        {
          name: "Acme",
          previousNames: [],
          ensure: "present",
          pruneProducts: false,
          source,
          details: [{ name: "Region", values: ["Mars"], source }],
        },
      ],
    };
    expect(checkAgainstLiveFields(desired, LIVE)).toMatchObject([
      {
        file: "hand.yaml",
        line: 3,
        column: 5,
        message: '"Region": "Mars" is not an option of this field',
        expected: "one of: AU, EU, US",
      },
    ]);
  });
});
