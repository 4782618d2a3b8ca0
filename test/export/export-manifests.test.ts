import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

import { exportManifests } from "../../src/export/export-manifests.js";
import { escapeInterpolation } from "../../src/export/manifest-yaml.js";
import { needsYamlEscapes } from "../../src/util/escape.js";
import { interpolate, parseManifest } from "../../src/manifest/index.js";
import type { LiveField, LiveOrganization } from "../../src/model/index.js";

const fields: LiveField[] = [
  { name: "Tier", type: "SELECT", options: ["Gold", "Silver"], position: 1 },
  { name: "Region", type: "SELECT", options: ["US", "EU", "AU"], position: 2 },
  {
    name: "Regions",
    type: "MULTISELECT",
    options: ["b", "a", "c"],
    position: 3,
  },
  { name: "Renewal date", type: "DATE", position: 4 },
  { name: "Contact", type: "EMAIL", position: 5 },
  { name: "Hologram", type: "HOLOGRAM", position: 6 },
];

function org(
  name: string,
  parts: Partial<Omit<LiveOrganization, "name">> = {},
): LiveOrganization {
  return {
    id: parts.id ?? `id-${name}`,
    name,
    details: parts.details ?? [],
    entitlements: parts.entitlements ?? [],
    customers: parts.customers ?? [],
  };
}

const acme = org("Acme Corp", {
  details: [
    { name: "Tier", type: "SELECT", values: ["Gold"] },
    { name: "Regions", type: "MULTISELECT", values: ["c", "a"] },
    { name: "Renewal date", type: "DATE", values: ["2027-01-31T00:00:00Z"] },
    { name: "Region", type: "SELECT", values: ["EU"] },
    { name: "Hologram", type: "HOLOGRAM", values: ["x"] },
  ],
  entitlements: [
    { id: "e2", productId: "p2", productName: "Widget" },
    { id: "e1", productId: "p1", productName: "Anvil" },
  ],
  customers: ["qm:2", "qm:1"],
});

describe("exportManifests", () => {
  it("writes fields.yaml and one Organization file each, keys and lists in a fixed order", () => {
    const result = exportManifests(
      { fields, organizations: [acme, org("Globex")] },
      { schema: { path: "schema/orgsync.schema.json" } },
    );
    expect(result.files.map((file) => file.path)).toEqual([
      "fields.yaml",
      "organizations/acme-corp.yaml",
      "organizations/globex.yaml",
    ]);
    expect(result.files[0]!.text).toMatchInlineSnapshot(`
      "# yaml-language-server: $schema=schema/orgsync.schema.json
      apiVersion: orgsync/v1
      kind: DetailFields
      prune: false
      fields:
        - name: Tier
          type: SELECT
          options:
            - Gold
            - Silver
        - name: Region
          type: SELECT
          options:
            - US
            - EU
            - AU
        - name: Regions
          type: MULTISELECT
          options:
            - b
            - a
            - c
        - name: Renewal date
          type: DATE
        - name: Contact
          type: EMAIL
      "
    `);
    expect(result.files[1]!.text).toMatchInlineSnapshot(`
      "# yaml-language-server: $schema=../schema/orgsync.schema.json
      apiVersion: orgsync/v1
      kind: Organization
      name: Acme Corp
      details:
        Region: EU
        Regions:
          - a
          - c
        Renewal date: "2027-01-31"
        Tier: Gold
      products:
        - Anvil
        - Widget
      customers:
        - qm:1
        - qm:2
      "
    `);
    expect(result.files[2]!.text).toContain("name: Globex\n");
    expect(result.files[2]!.text).not.toContain("details");
  });

  it("names what it leaves out: unknown field types and values the loader would refuse", () => {
    const stale = org("Stale", {
      details: [
        { name: "Region", type: "SELECT", values: ["APAC"] },
        { name: "Contact", type: "EMAIL", values: ["not an email"] },
        { name: "Tier", type: "SELECT", values: ["Gold"] },
      ],
    });
    const result = exportManifests(
      { fields, organizations: [stale] },
      { schema: { url: "https://example.test/schema.json" } },
    );
    expect(result.warnings).toHaveLength(3);
    expect(result.warnings[0]).toMatch(/field "Hologram" .*"HOLOGRAM"/);
    expect(result.warnings.join("\n")).toMatch(
      /"Stale": detail "Region" left out/,
    );
    expect(result.warnings.join("\n")).toMatch(
      /"Stale": detail "Contact" left out/,
    );
    const document = parse(result.files[1]!.text) as { details: unknown };
    expect(document.details).toEqual({ Tier: "Gold" });
    expect(result.files[0]!.text).not.toContain("Hologram");
    expect(result.files[1]!.text.split("\n")[0]).toBe(
      "# yaml-language-server: $schema=https://example.test/schema.json",
    );
  });

  it("writes a product by id when its name is shared by two products", () => {
    const both = org("Both", {
      entitlements: [
        { id: "e1", productId: "p1", productName: "Widget" },
        { id: "e3", productId: "p3", productName: "Anvil" },
      ],
    });
    const result = exportManifests(
      {
        fields: [],
        organizations: [both],
        products: [
          { id: "p1", name: "Widget" },
          { id: "p2", name: "widget" },
          { id: "p3", name: "Anvil" },
        ],
      },
      { schema: { path: "s.json" } },
    );
    expect(parse(result.files[1]!.text)).toMatchObject({
      products: ["Anvil", "p1"],
    });
  });

  it("writes the site's id of each organization after its name, as text", () => {
    const result = exportManifests(
      {
        fields: [],
        organizations: [org("Pinned", { id: "10234" }), org("Odd")],
      },
      { schema: { path: "s.json" } },
    );
    expect(result.files[2]!.text).toContain('name: Pinned\nid: "10234"\n');
    // An id the manifests could not hold (the API's are digits) is not written.
    expect(parse(result.files[1]!.text)).not.toHaveProperty("id");
  });

  it("writes only fields.yaml with fieldsOnly", () => {
    const result = exportManifests(
      { fields, organizations: [acme] },
      { schema: { path: "s.json" }, fieldsOnly: true },
    );
    expect(result.files.map((file) => file.path)).toEqual(["fields.yaml"]);
  });

  it("writes fields in the site's order (their positions), not by name", () => {
    const result = exportManifests(
      { fields: [...fields].reverse(), organizations: [] },
      { schema: { path: "s.json" } },
    );
    const names = [...result.files[0]!.text.matchAll(/- name: (.+)/g)].map(
      (m) => m[1],
    );
    expect(names).toEqual([
      "Tier",
      "Region",
      "Regions",
      "Renewal date",
      "Contact",
    ]);
  });

  it("gives the same bytes whatever order the site listed things in", () => {
    const site = {
      fields,
      organizations: [acme, org("Globex"), org("Initech")],
    };
    const shuffled = {
      fields: [...fields].reverse(),
      organizations: [...site.organizations].reverse().map((o) => ({
        ...o,
        details: [...o.details].reverse(),
        entitlements: [...o.entitlements].reverse(),
        customers: [...o.customers].reverse(),
      })),
    };
    const options = { schema: { path: "s.json" } };
    expect(exportManifests(shuffled, options)).toEqual(
      exportManifests(site, options),
    );
  });

  it("writes any text so that the manifest loader reads back exactly that text", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.string({ unit: "grapheme", maxLength: 40 }),
        fc.constantFrom(
          "yes",
          "No",
          "null",
          "~",
          "012",
          "1e3",
          "0x1F",
          "1:20",
          "2027-01-31",
          "true",
          "- x",
          "#c",
          "a: b",
          "'q'",
          '"',
          "@x",
          "%x",
          "*a",
          "&a",
          "!t",
          "|",
          ">",
          "  pad  ",
        ),
        (plain, unicode, tricky) => {
          const values = [plain, unicode, tricky]
            .map((v) => v.trim())
            .filter((v) => v !== "");
          const textField: LiveField = { name: "Note", type: "TEXT" };
          const organizations = values.map((value, index) =>
            org(`${value} ${index}`, {
              details: [{ name: "Note", type: "TEXT", values: [value] }],
              customers: [value],
            }),
          );
          const { files } = exportManifests(
            { fields: [textField], organizations },
            { schema: { path: "s.json" } },
          );
          // Read back as the manifest loader reads: YAML 1.2 core, then `${VAR}` interpolation.
          const read = files.slice(1).map((file) => {
            const parsed = parseManifest(file.text, file.path, { env: {} });
            expect(parsed.issues).toEqual([]);
            return parsed.documents[0]!.value as {
              name: string;
              details: { Note: string };
              customers: string[];
            };
          });
          const byName = new Map(read.map((doc) => [doc.name, doc]));
          organizations.forEach((organization, index) => {
            const doc = byName.get(organization.name)!;
            expect(doc.details.Note).toBe(values[index]);
            expect(doc.customers).toEqual([values[index]]);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("hostile characters in exported YAML (issue 13, finding 12)", () => {
  const HOSTILE = [
    "\u202e",
    "\u200b",
    "\u2066",
    "\u0085",
    "\u009b",
    "\u001b",
    "\t",
    "\u00a0",
    "\ufeff",
    "\u2028",
    "\u{e0041}",
    "\\",
    '"',
    "a",
    " ",
    "\n",
  ];
  it("are written as escapes, never raw, and read back exactly", () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.constantFrom(...HOSTILE), { minLength: 1, maxLength: 12 })
          .map((chars) => `x${chars.join("")}x`),
        (value) => {
          const organizations = [
            org(value, {
              details: [{ name: value, type: "TEXT", values: [value] }],
            }),
          ];
          const { files } = exportManifests(
            {
              fields: [{ name: value, type: "TEXT" }],
              organizations,
            },
            { schema: { path: "s.json" } },
          );
          for (const file of files) {
            expect(
              [...file.text].filter(
                (char) => char !== "\n" && needsYamlEscapes(char),
              ),
            ).toEqual([]);
          }
          const fields = parseManifest(files[0]!.text, "f.yaml", { env: {} });
          expect(fields.issues).toEqual([]);
          expect(
            (fields.documents[0]!.value as { fields: { name: string }[] })
              .fields[0]!.name,
          ).toBe(value);
          const parsed = parseManifest(files[1]!.text, "o.yaml", { env: {} });
          expect(parsed.issues).toEqual([]);
          const doc = parsed.documents[0]!.value as {
            name: string;
            details: Record<string, string>;
          };
          expect(doc.name).toBe(value);
          expect(doc.details[value]).toBe(value);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("escapeInterpolation", () => {
  it("is undone exactly by the loader's interpolation, whatever the text", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[${}a-z:-]{0,20}$/), (text) => {
        const { value, problems } = interpolate(escapeInterpolation(text), {});
        expect(problems).toEqual([]);
        expect(value).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
