import { describe, expect, it } from "vitest";

import { desiredOf, errorsOf, expectOneError, load } from "./helpers.js";

const fields = (entity: string, body: string, prune = "") =>
  `apiVersion: orgsync/v1\nkind: DetailFields\nentity: ${entity}\n${prune}fields:\n${body}`;

const ORG_FIELDS = `apiVersion: orgsync/v1
kind: DetailFields
fields:
  - { name: Region, type: TEXT }
`;

const ENTITLEMENT_FIELDS = fields(
  "entitlement",
  "  - { name: Support level, type: SELECT, options: [Standard, Premium] }\n  - { name: Contract end, type: DATE }\n",
);

const org = (products: string) => `apiVersion: orgsync/v1
kind: Organization
name: Acme Corp
products:
${products}`;

describe("entitlement and customer detail fields in manifests", () => {
  it("each entity has its own fields; products carry entitlement details", () => {
    const desired = desiredOf(
      load({
        "fields.yaml": ORG_FIELDS,
        "ent.yaml": ENTITLEMENT_FIELDS,
        "cust.yaml": fields("customer", "  - { name: Title, type: TEXT }\n"),
        "org.yaml": org(
          '  - Acme Widget\n  - name: Acme Gadget\n    details: { Support level: Premium, Contract end: "2027-03-31" }\n',
        ),
      }),
    );
    expect(desired.fields.items.map((field) => field.name)).toEqual(["Region"]);
    expect(
      desired.entityFields?.entitlement?.items.map((field) => field.name),
    ).toEqual(["Support level", "Contract end"]);
    expect(
      desired.entityFields?.customer?.items.map((field) => field.name),
    ).toEqual(["Title"]);
    const [acme] = desired.organizations;
    expect(acme!.products!.items).toEqual(["Acme Widget", "Acme Gadget"]);
    expect(acme!.productDetails).toEqual([
      {
        product: "Acme Gadget",
        details: [
          {
            name: "Support level",
            values: ["Premium"],
            source: { file: "org.yaml", line: 7, column: 16 },
          },
          {
            name: "Contract end",
            values: ["2027-03-31"],
            source: { file: "org.yaml", line: 7, column: 40 },
          },
        ],
        source: { file: "org.yaml", line: 6, column: 11 },
      },
    ]);
  });

  it("no entity: document and no product details: no entity fields are used", () => {
    const desired = desiredOf(
      load({ "fields.yaml": ORG_FIELDS, "org.yaml": org("  - Acme Widget\n") }),
    );
    expect(desired.entityFields).toBeUndefined();
  });

  it("product details without an entitlement document are checked against the live fields later", () => {
    const desired = desiredOf(
      load({
        "fields.yaml": ORG_FIELDS,
        "org.yaml": org(
          "  - name: Acme Gadget\n    details: { Support level: Premium }\n",
        ),
      }),
    );
    expect(desired.entityFields).toEqual({
      entitlement: { declared: false, prune: false, items: [] },
    });
  });

  it("entitlement detail keys must be declared entitlement fields, with did-you-mean", () => {
    const issue = expectOneError(
      load({
        "fields.yaml": ORG_FIELDS,
        "ent.yaml": ENTITLEMENT_FIELDS,
        "org.yaml": org(
          "  - name: Acme Gadget\n    details: { Support levl: Premium, Region: EU }\n",
        ).replace(", Region: EU", ""),
      }),
      "6:16",
      /^"Support levl" is not a declared entitlement detail field/,
    );
    expect(issue.suggestion).toBe("Support level");
    // An organization field is not an entitlement field: the name spaces are separate.
    expectOneError(
      load({
        "fields.yaml": ORG_FIELDS,
        "ent.yaml": ENTITLEMENT_FIELDS,
        "org.yaml": org("  - name: Acme Gadget\n    details: { Region: EU }\n"),
      }),
      "6:16",
      /"Region" is not a declared entitlement detail field/,
    );
  });

  it("entitlement values fit their field's type and options", () => {
    expectOneError(
      load({
        "ent.yaml": ENTITLEMENT_FIELDS,
        "org.yaml": org(
          "  - name: Acme Gadget\n    details: { Support level: Gold }\n",
        ),
      }),
      "6:31",
      /"Gold" is not an option/,
    );
  });

  it("the same name may be a field of each entity; within one entity it is unique", () => {
    desiredOf(
      load({
        "a.yaml": fields("customer", "  - { name: Region, type: TEXT }\n"),
        "b.yaml": ORG_FIELDS,
      }),
    );
    const issue = expectOneError(
      load({
        "a.yaml": fields("customer", "  - { name: Region, type: TEXT }\n"),
        "b.yaml": fields("customer", "  - { name: region, type: TEXT }\n"),
      }),
      "5:13",
      /^customer field "region" is declared twice/,
    );
    expect(issue.file).toBe("b.yaml");
  });

  it("names the entity in the message, not inside a quoted name", () => {
    expectOneError(
      load({
        "a.yaml": fields(
          "customer",
          "  - { name: Old field, type: TEXT }\n  - { name: old field, type: TEXT }\n",
        ),
      }),
      "6:13",
      /^customer field "old field" is declared twice/,
    );
  });

  it("prune settings agree per entity only", () => {
    desiredOf(
      load({
        "a.yaml": fields(
          "customer",
          "  - { name: Title, type: TEXT }\n",
          "prune: true\n",
        ),
        "b.yaml": `apiVersion: orgsync/v1\nkind: DetailFields\nprune: false\nfields: []\n`,
      }),
    );
    expect(
      errorsOf(
        load({
          "a.yaml": fields(
            "customer",
            "  - { name: A, type: TEXT }\n",
            "prune: true\n",
          ),
          "b.yaml": fields(
            "customer",
            "  - { name: B, type: TEXT }\n",
            "prune: false\n",
          ),
        }),
      ).map((issue) => issue.message),
    ).toEqual([
      expect.stringMatching(/prune: false disagrees with prune: true/),
    ]);
  });

  it("an entity outside the three is a located schema error", () => {
    const [issue] = errorsOf(
      load({ "a.yaml": fields("product", "  - { name: A, type: TEXT }\n") }),
    );
    expect(`${issue!.line}:${issue!.column}`).toBe("3:9");
  });

  it("a product entry takes a name and details only, located at the unknown key", () => {
    const [issue] = errorsOf(
      load({
        "org.yaml": org("  - name: Acme Gadget\n    detail: { A: B }\n"),
      }),
    );
    expect(`${issue!.line}:${issue!.column} ${issue!.message}`).toBe(
      `6:5 unknown key "detail" in item 1 of "products"`,
    );
  });
});
