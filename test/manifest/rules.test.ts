import { describe, expect, it } from "vitest";

import { LIMITS } from "../../src/manifest/index.js";
import {
  FIELDS,
  desiredOf,
  errorsOf,
  expectOneError,
  load,
  organization,
} from "./helpers.js";

const fields = (body: string, prune = "") =>
  `apiVersion: orgsync/v1\nkind: DetailFields\n${prune}fields:\n${body}`;

describe("loader rules", () => {
  it("unique field names: trimmed and case-insensitive, across documents", () => {
    const result = load({
      "a.yaml": fields("  - { name: Region, type: TEXT }\n"),
      "b.yaml": fields('  - { name: " region ", type: TEXT }\n'),
    });
    const issue = expectOneError(
      result,
      "4:13",
      'field "region" is declared twice',
    );
    expect(issue.file).toBe("b.yaml");
    expect(issue.message).toContain("first at a.yaml:4:13");
    desiredOf(
      load({
        "a.yaml": fields(
          "  - { name: Region, type: TEXT }\n  - { name: Regions, type: TEXT }\n",
        ),
      }),
    );
  });

  it("unique organization names: trimmed and case-insensitive, across kinds", () => {
    const result = load({
      "a.yaml": organization("Acme Corp"),
      "b.yaml":
        "apiVersion: orgsync/v1\nkind: Organizations\norganizations:\n  - name: Globex\n  - name: '  ACME corp'\n",
    });
    const issue = expectOneError(
      result,
      "5:11",
      /organization "ACME corp" is declared twice \(first at a\.yaml:3:7\)/,
    );
    expect(issue.pointer).toBe("/organizations/1/name");
  });

  it("declared fields only: a detail key must name a declared field", () => {
    const result = load({
      "f.yaml": FIELDS,
      "o.yaml": organization("Acme", "details:\n  Regoin: EU\n"),
    });
    const issue = expectOneError(
      result,
      "5:3",
      '"Regoin" is not a declared detail field',
    );
    expect(issue.suggestion).toBe("Region");
    // Case and surrounding space do not matter.
    desiredOf(
      load({
        "f.yaml": FIELDS,
        "o.yaml": organization("Acme", "details:\n  region: EU\n"),
      }),
    );
    // Without a DetailFields document, any key is accepted here (the live fields decide).
    desiredOf(
      load({
        "o.yaml": organization("Acme", "details:\n  Anything: at all\n"),
      }),
    );
  });

  it("declared fields only: a field's previous name points to its new name", () => {
    const result = load({
      "f.yaml": FIELDS,
      "o.yaml": organization("Acme", "details:\n  Level: Gold\n"),
    });
    const issue = expectOneError(
      result,
      "5:3",
      'field "Level" is being renamed to "Tier"',
    );
    expect(issue.suggestion).toBe("Tier");
  });

  it("values fit the field's options, with did-you-mean", () => {
    const result = load({
      "f.yaml": FIELDS,
      "o.yaml": organization("Acme", "details:\n  Region: eu\n"),
    });
    const issue = expectOneError(
      result,
      "5:11",
      '"Region": "eu" is not an option of this field',
    );
    expect(issue).toMatchObject({
      expected: "one of: AU, EU, US",
      suggestion: "EU",
    });
  });

  it("values fit the field's type, located at the value in a list", () => {
    const result = load({
      "f.yaml": FIELDS,
      "o.yaml": organization(
        "Acme",
        'details:\n  Renewal date: ["2026-02-30"]\n',
      ),
    });
    const issue = expectOneError(
      result,
      "5:18",
      '"Renewal date": "2026-02-30" is not a real date',
    );
    expect(issue.pointer).toBe("/details/Renewal date/0");
  });

  it("values: as many as the type takes, each once, none blank", () => {
    const result = load({
      "f.yaml": FIELDS,
      "o.yaml": organization(
        "Acme",
        'details:\n  Region: [AU, EU]\n  Markets: [Retail, Retail]\n  Zip: " "\n',
      ),
    });
    expect(
      errorsOf(result).map(
        (issue) => `${issue.line}:${issue.column} ${issue.message}`,
      ),
    ).toEqual([
      '5:11 "Region": SELECT field takes one value, found 2',
      '6:12 "Markets": "Retail" is listed twice',
      '7:8 blank value for "Zip"',
    ]);
  });

  it("values: numbers and booleans are read as written; null and [] clear", () => {
    const desired = desiredOf(
      load({
        "f.yaml": FIELDS,
        "o.yaml": organization(
          "Acme",
          "details:\n  Zip: 01234\n  Region: null\n  Markets: []\n",
        ),
      }),
    );
    expect(
      desired.organizations[0]!.details.map((d) => [d.name, d.values]),
    ).toEqual([
      ["Zip", ["01234"]],
      ["Region", []],
      ["Markets", []],
    ]);
  });

  it("at most 50 fields, counted across DetailFields documents", () => {
    const many = (from: number, count: number) =>
      Array.from(
        { length: count },
        (_, i) => `  - { name: F${from + i}, type: TEXT }\n`,
      ).join("");
    const result = load({
      "a.yaml": fields(many(0, 30)),
      "b.yaml": fields(many(30, 21)),
    });
    const issue = expectOneError(
      result,
      "24:5",
      `more than ${LIMITS.maxFields} detail fields`,
    );
    expect(issue.file).toBe("b.yaml");
    // One document over the limit is the schema's to report.
    expectOneError(
      load({ "a.yaml": fields(many(0, 51)) }),
      "4:3",
      '"fields" lists 51 items, more than 50',
    );
  });

  it("no name claimed twice through previousNames (fields)", () => {
    const result = load({
      "f.yaml": fields(
        "  - { name: A, type: TEXT, previousNames: [Old] }\n  - { name: B, type: TEXT, previousNames: [old] }\n  - { name: C, type: TEXT, previousNames: [a] }\n  - { name: D, type: TEXT, previousNames: [D] }\n",
      ),
    });
    expect(
      errorsOf(result).map(
        (issue) => `${issue.line}:${issue.column} ${issue.message}`,
      ),
    ).toEqual([
      '5:44 previous name "old" is already claimed by field "A" (at f.yaml:4:44)',
      '6:44 previous name "a" is the name of another field (at f.yaml:4:5)',
      '7:44 field "D" lists its own name as a previous name',
    ]);
  });

  it("no name claimed twice through previousNames (organizations)", () => {
    const result = load({
      "a.yaml": organization("Acme", "previousNames: [Old Co]\n"),
      "b.yaml": organization("Globex", "previousNames: [old co]\n"),
    });
    expectOneError(
      result,
      "4:17",
      /previous name "old co" is already claimed by organization "Acme" \(at a\.yaml:4:17\)/,
    );
  });

  it("field options: required for SELECT and MULTISELECT, refused for others, each once", () => {
    const result = load({
      "f.yaml": fields(
        "  - { name: A, type: SELECT }\n  - { name: B, type: TEXT, options: [x] }\n  - { name: C, type: MULTISELECT, options: [x, X] }\n",
      ),
    });
    expect(
      errorsOf(result).map(
        (issue) => `${issue.line}:${issue.column} ${issue.message}`,
      ),
    ).toEqual([
      '4:22 SELECT field "A" has no options',
      '5:28 TEXT field "B" cannot have options',
      '6:48 option "X" is listed twice',
    ]);
  });

  it("prune settings of several DetailFields documents agree", () => {
    const result = load({
      "a.yaml": fields("  - { name: A, type: TEXT }\n", "prune: true\n"),
      "b.yaml": fields("  - { name: B, type: TEXT }\n", "prune: false\n"),
      "c.yaml": fields("  - { name: C, type: TEXT }\n"),
    });
    const issue = expectOneError(
      result,
      "3:8",
      "prune: false disagrees with prune: true at a.yaml:3:8",
    );
    expect(issue.file).toBe("b.yaml");
    const agreed = desiredOf(
      load({
        "a.yaml": fields("  - { name: A, type: TEXT }\n", "prune: true\n"),
        "c.yaml": fields("  - { name: C, type: TEXT }\n"),
      }),
    );
    expect(agreed.fields).toMatchObject({ declared: true, prune: true });
  });

  it("an absent organization sets nothing else and takes no defaults", () => {
    const result = load({
      "o.yaml":
        "apiVersion: orgsync/v1\nkind: Organizations\ndefaults:\n  details: { Tier: Gold }\norganizations:\n  - name: Old Co\n    ensure: absent\n  - name: Gone\n    ensure: absent\n    products: [X]\n",
    });
    expectOneError(
      result,
      "10:5",
      'organization "Gone" is to be deleted (ensure: absent) but sets "products"',
    );
    const desired = desiredOf(
      load({
        "o.yaml":
          "apiVersion: orgsync/v1\nkind: Organizations\ndefaults:\n  details: { Tier: Gold }\norganizations:\n  - name: Old Co\n    ensure: absent\n",
      }),
    );
    expect(desired.organizations[0]).toMatchObject({
      ensure: "absent",
      details: [],
    });
  });

  it("a detail key once per organization, case-insensitively", () => {
    const result = load({
      "o.yaml": organization("Acme", "details:\n  Region: EU\n  region: US\n"),
    });
    expectOneError(
      result,
      "6:3",
      'detail "region" names the same field as "Region"',
    );
  });

  it("products and customers listed once each", () => {
    const result = load({
      "o.yaml": organization(
        "Acme",
        "products: [Widget, widget]\ncustomers: ['qm:1', 'qm:1']\n",
      ),
    });
    expect(
      errorsOf(result).map(
        (issue) => `${issue.line}:${issue.column} ${issue.message}`,
      ),
    ).toEqual([
      '4:20 product "widget" is listed twice',
      '5:21 customer "qm:1" is listed twice',
    ]);
  });

  it("service desks: keys and ids as written (a number as its digits), each once", () => {
    const acme = desiredOf(
      load({
        "o.yaml": organization("Acme", "serviceDesks: [SUP, 012, sup]\n"),
      }),
    ).organizations[0]!;
    expect(acme.serviceDesks?.items).toEqual(["SUP", "012", "sup"]);
    expect(acme.pruneServiceDesks).toBeUndefined();
    const result = load({
      "o.yaml": organization("Acme", "serviceDesks: [SUP, 12, SUP]\n"),
    });
    expectOneError(result, "4:25", 'service desk "SUP" is listed twice');
  });

  it("pruneCustomers and pruneServiceDesks need their list", () => {
    const result = load({
      "o.yaml": organization(
        "Acme",
        "pruneCustomers: true\npruneServiceDesks: true\n",
      ),
    });
    expect(
      errorsOf(result).map(
        (issue) => `${issue.line}:${issue.column} ${issue.message}`,
      ),
    ).toEqual([
      '4:1 organization "Acme" sets pruneCustomers: true without a customers list, which would remove every one',
      '5:1 organization "Acme" sets pruneServiceDesks: true without a serviceDesks list, which would remove every one',
    ]);
    const fine = desiredOf(
      load({
        "o.yaml": organization("Acme", "customers: []\npruneCustomers: true\n"),
      }),
    ).organizations[0]!;
    expect(fine).toMatchObject({
      customers: { items: [] },
      pruneCustomers: true,
    });
  });

  it("pruneServiceDesks with no service desk named anywhere warns that it removes nothing", () => {
    const result = load({
      "o.yaml": organization(
        "Acme",
        "serviceDesks: []\npruneServiceDesks: true\n",
      ),
    });
    expect(desiredOf(result).organizations[0]!.pruneServiceDesks).toBe(true);
    expect(
      result.warnings.map((w) => `${w.line}:${w.column} ${w.message}`),
    ).toEqual([
      '5:1 organization "Acme" sets pruneServiceDesks: true, but no manifest names a service desk: only the service desks named are read, so nothing is removed',
    ]);
  });

  it("warns about field types Atlassian does not confirm, without failing", () => {
    const result = load({
      "f.yaml": fields("  - { name: Seats, type: NUMBER }\n"),
    });
    desiredOf(result);
    expect(
      result.warnings.map((w) => `${w.line}:${w.column} ${w.message}`),
    ).toEqual([
      '4:26 type NUMBER of field "Seats" is not confirmed by Atlassian\'s documentation; the site may refuse it',
    ]);
  });
});

describe("normalisation", () => {
  it("trims names, makes scalars lists, merges defaults and keeps every source", () => {
    const desired = desiredOf(
      load({
        "f.yaml": FIELDS,
        "o.yaml": `apiVersion: orgsync/v1
kind: Organizations
defaults:
  details:
    Region: EU
    Tier: Gold
  products: [Widget]
  pruneProducts: true
organizations:
  - name: "  Acme  "
    details:
      tier: Silver
  - name: Globex
    products: [Gadget]
    pruneProducts: false
    customers: [qm:1]
`,
      }),
    );
    expect(desired.fields.items.map((field) => field.name)).toEqual([
      "Region",
      "Tier",
      "Markets",
      "Renewal date",
      "Zip",
    ]);
    expect(desired.fields.items[1]).toEqual({
      name: "Tier",
      type: "SELECT",
      options: ["Gold", "Silver"],
      previousNames: ["Level"],
      source: { file: "f.yaml", line: 7, column: 11 },
    });
    expect(desired.fields.items[3]).not.toHaveProperty("options");
    const [acme, globex] = desired.organizations;
    expect(acme).toEqual({
      name: "Acme",
      previousNames: [],
      ensure: "present",
      details: [
        {
          name: "tier",
          values: ["Silver"],
          source: { file: "o.yaml", line: 12, column: 7 },
        },
        {
          name: "Region",
          values: ["EU"],
          source: { file: "o.yaml", line: 5, column: 5 },
        },
      ],
      products: {
        items: ["Widget"],
        source: { file: "o.yaml", line: 7, column: 13 },
        itemSources: [{ file: "o.yaml", line: 7, column: 14 }],
      },
      pruneProducts: true,
      source: { file: "o.yaml", line: 10, column: 11 },
    });
    expect(globex).toMatchObject({
      products: { items: ["Gadget"] },
      pruneProducts: false,
      customers: {
        items: ["qm:1"],
        source: { file: "o.yaml", line: 16, column: 16 },
      },
    });
  });

  it("keeps going past a broken item so that the other items are still checked", () => {
    const result = load({
      "f.yaml": FIELDS,
      "o.yaml":
        "apiVersion: orgsync/v1\nkind: Organizations\norganizations:\n  - name: A\n    detials: {}\n  - name: B\n    details: { Region: Mars }\n",
    });
    expect(errorsOf(result).map((issue) => issue.message)).toEqual([
      'unknown key "detials" in item 1 of "organizations"',
      '"Region": "Mars" is not an option of this field',
    ]);
  });
});
