import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import type { EmulatorSeed } from "../../src/emulator/index.js";
import { startCliRig, type CliRig } from "./helpers/cli-rig.js";

const SEED: EmulatorSeed = {
  fields: [{ name: "Region", type: "SELECT", options: ["AU", "EU", "US"] }],
  products: [{ name: "Acme Widget" }, { name: "Acme Gadget" }],
  organizations: [
    { name: "Acme Corp", details: { Region: "EU" }, products: ["Acme Widget"] },
  ],
};

const FIELDS = `apiVersion: orgsync/v1
kind: DetailFields
fields:
  - { name: Region, type: SELECT, options: [AU, EU, US] }
`;

const ENTITLEMENT_FIELDS = `apiVersion: orgsync/v1
kind: DetailFields
entity: entitlement
fields:
  - name: Support level
    type: SELECT
    options: [Standard, Premium]
`;

const ACME = `apiVersion: orgsync/v1
kind: Organization
name: Acme Corp
details: { Region: EU }
products:
  - name: Acme Widget
    details: { Support level: Standard }
  - name: Acme Gadget
    details: { Support level: Premium }
`;

const FILES = {
  "orgsync/fields.yaml": FIELDS,
  "orgsync/entitlement-fields.yaml": ENTITLEMENT_FIELDS,
  "orgsync/acme.yaml": ACME,
};

let rig: CliRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const WIDGET =
  'organization["Acme Corp"].product["Acme Widget"].detail["Support level"]';
const GADGET =
  'organization["Acme Corp"].product["Acme Gadget"].detail["Support level"]';

/** The values of Acme's entitlements, by product name, as the emulator holds them. */
function entitlementValues(running: CliRig) {
  const state = running.emu.control.state();
  const byId = new Map(state.products.map((p) => [p.id, p.name]));
  const acme = state.organizations.find((o) => o.name === "Acme Corp")!;
  return Object.fromEntries(
    Object.entries(acme.entitlementDetails ?? {}).map(([id, values]) => [
      byId.get(id) ?? id,
      values,
    ]),
  );
}

describe("entitlement detail fields and values, end to end", () => {
  it("creates the field, adds a product with details and sets a detail on an existing product in one apply; the next plan is empty", async () => {
    rig = await startCliRig(SEED, FILES);
    const planned = await rig.run(["plan", "--out", "plan.json"]);
    expect(planned.code).toBe(0);
    for (const address of [
      'field.entitlement["Support level"]',
      'organization["Acme Corp"].product["Acme Gadget"]',
      WIDGET,
      GADGET,
    ]) {
      expect(planned.stdout).toContain(address);
    }
    const saved = JSON.parse(
      await readFile(join(rig.dir, "plan.json"), "utf8"),
    ) as { formatVersion: number; changes: { address: string }[] };
    expect(saved.formatVersion).toBe(2);
    expect(saved.changes).toHaveLength(4);

    const applied = await rig.run([
      "apply",
      "--plan",
      "plan.json",
      "--auto-approve",
    ]);
    expect(applied.code).toBe(0);
    expect(entitlementValues(rig)).toEqual({
      "Acme Widget": { "Support level": ["Standard"] },
      "Acme Gadget": { "Support level": ["Premium"] },
    });
    expect(rig.emu.control.state().entitlementFields).toEqual([
      expect.objectContaining({
        name: "Support level",
        type: "SELECT",
        options: ["Standard", "Premium"],
      }),
    ]);
    // The organization field of the same site is untouched.
    expect(rig.emu.control.state().fields.map((f) => f.name)).toEqual([
      "Region",
    ]);

    const again = await rig.run(["plan", "--detailed-exitcode"]);
    expect(again.stdout).toContain("No changes");
    expect(again.code).toBe(0);
  });

  it("reads one more request per entity whose fields the manifests use, none per organization", async () => {
    const orgs = Array.from({ length: 30 }, (_, i) => `Org ${i}`);
    const seed: EmulatorSeed = {
      ...SEED,
      entitlementFields: [
        {
          name: "Support level",
          type: "SELECT",
          options: ["Standard", "Premium"],
        },
      ],
      organizations: orgs.map((name) => ({ name, products: ["Acme Widget"] })),
    };
    const manifest = (withDetails: boolean) =>
      orgs
        .map(
          (name) =>
            `apiVersion: orgsync/v1\nkind: Organization\nname: ${name}\nproducts:\n  - ${withDetails ? "{ name: Acme Widget, details: { Support level: Premium } }" : "Acme Widget"}\n`,
        )
        .join("---\n");
    rig = await startCliRig(seed, {
      "orgsync/fields.yaml": FIELDS,
      "orgsync/orgs.yaml": manifest(false),
    });
    const paths = () =>
      rig!
        .requests()
        .map((request) => `${request.method} ${request.path.split("?")[0]}`)
        .sort();
    await rig.run(["plan"]);
    const without = paths();
    expect(without.some((p) => p.includes("entitlement/details"))).toBe(false);

    rig.emu.control.clearRequests();
    await rig.write({
      "orgsync/orgs.yaml": manifest(true),
      "orgsync/customer-fields.yaml":
        "apiVersion: orgsync/v1\nkind: DetailFields\nentity: customer\nfields:\n  - { name: Title, type: TEXT }\n",
    });
    const planned = await rig.run(["plan"]);
    expect(planned.code).toBe(0);
    const withEntities = paths();
    expect(withEntities.length).toBe(without.length + 2);
    expect(withEntities.filter((p) => !without.includes(p))).toEqual([
      expect.stringMatching(/^GET .*customer\/details$/),
      expect.stringMatching(/^GET .*entitlement\/details$/),
    ]);
  });

  it("drift reports a hand-changed entitlement detail at its file:line; export round-trips with no changes", async () => {
    rig = await startCliRig(SEED, FILES);
    expect((await rig.run(["apply", "--auto-approve"])).code).toBe(0);

    // Someone sets Acme's Widget to Premium by hand.
    const state = rig.emu.control.state();
    const widget = state.products.find((p) => p.name === "Acme Widget")!.id;
    await rig.emu.control.reset({
      ...state,
      organizations: state.organizations.map((org) =>
        org.name === "Acme Corp"
          ? {
              ...org,
              entitlementDetails: {
                ...org.entitlementDetails,
                [widget]: { "Support level": ["Premium"] },
              },
            }
          : org,
      ),
    });
    const drift = await rig.run(["drift"]);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain(
      'organization["Acme Corp"]\n  ~ product["Acme Widget"].detail["Support level"]  value differs',
    );
    expect(drift.stdout).toContain("at orgsync/acme.yaml:7:16");
    expect(drift.stdout).toContain('"Premium"');

    const exported = await rig.run([
      "export",
      "--out",
      "out",
      "--org",
      "Acme Corp",
    ]);
    expect(exported.stderr).toBe("");
    expect(exported.code).toBe(0);
    // Region and Support level: the fields of every entity count.
    expect(exported.stdout).toMatch(
      /^Exported 2 detail fields and 1 organization to out:/,
    );
    const acme = await readFile(
      join(rig.dir, "out/organizations/acme-corp.yaml"),
      "utf8",
    );
    expect(acme).toContain(
      "  - name: Acme Widget\n    details:\n      Support level: Premium\n",
    );
    const entity = await readFile(
      join(rig.dir, "out/entitlement-fields.yaml"),
      "utf8",
    );
    expect(entity).toContain("entity: entitlement\n");
    const roundTrip = await rig.run(["plan", "out", "--detailed-exitcode"]);
    expect(roundTrip.stderr).toBe("");
    expect(roundTrip.code).toBe(0);
  });

  it("drift --format json names each field's entity", async () => {
    rig = await startCliRig(SEED, {
      ...FILES,
      "orgsync/fields.yaml": FIELDS + "  - { name: Notes, type: TEXT }\n",
    });
    const drift = await rig.run(["drift", "--format", "json"]);
    expect(drift.code).toBe(2);
    const fields = (
      JSON.parse(drift.stdout) as {
        drift: { address: string; resource: string; entity?: string }[];
      }
    ).drift.filter((item) => item.resource === "field");
    expect(fields.map(({ address, entity }) => ({ address, entity }))).toEqual([
      { address: 'field.entitlement["Support level"]', entity: "entitlement" },
      { address: 'field["Notes"]', entity: "organization" },
    ]);
  });

  it("validate counts the fields of every entity", async () => {
    rig = await startCliRig(SEED, FILES);
    const validated = await rig.run(["validate"]);
    expect(validated.stdout).toBe("3 files, 2 fields, 1 organization: valid\n");
  });

  it("an unknown entitlement detail key, with no entitlement document, is checked against the live fields", async () => {
    rig = await startCliRig(
      {
        ...SEED,
        entitlementFields: [
          {
            name: "Support level",
            type: "SELECT",
            options: ["Standard", "Premium"],
          },
        ],
      },
      {
        "orgsync/fields.yaml": FIELDS,
        "orgsync/acme.yaml": ACME.replace(
          "Support level: Premium",
          "Suport level: Premium",
        ),
      },
    );
    const planned = await rig.run(["plan"]);
    expect(planned.code).toBe(1);
    expect(planned.stderr).toMatch(/acme\.yaml:9:16/);
    expect(planned.stderr).toContain(
      '"Suport level" is not an entitlement detail field of the site',
    );
    expect(planned.stderr).toContain("Support level");
    expect(rig.writes()).toEqual([]);
  });

  it("applies a version-1 saved plan file as before", async () => {
    rig = await startCliRig(
      {
        ...SEED,
        products: [
          { name: "Acme Widget" },
          { id: "3858a61a-0000-4000-8000-000000000002", name: "Acme Gadget" },
        ],
      },
      {
        "orgsync/fields.yaml": `${FIELDS}  - { name: Tier, type: TEXT }\n`,
        "orgsync/acme.yaml":
          "apiVersion: orgsync/v1\nkind: Organization\nname: Acme Corp\ndetails: { Region: US, Tier: Gold }\nproducts: [Acme Widget, Acme Gadget]\n",
      },
    );
    // Written by orgsync before format version 2 existed, for this seed and these manifests.
    const fixture = await readFile(
      new URL("../fixtures/plans/v1-plan.json", import.meta.url),
      "utf8",
    );
    await writeFile(
      join(rig.dir, "plan.json"),
      fixture.replaceAll("{{BASE_URL}}", rig.emu.baseUrl),
    );
    const applied = await rig.run([
      "apply",
      "--plan",
      "plan.json",
      "--auto-approve",
    ]);
    expect(applied.stderr.match(/^✓ /gm)).toHaveLength(4);
    expect(applied.stderr).toContain(
      '✓ organization["Acme Corp"].product["Acme Gadget"] created',
    );
    expect(applied.code).toBe(0);
    const again = await rig.run(["plan", "--detailed-exitcode"]);
    expect(again.code).toBe(0);
  });

  it("refuses a saved plan when an entitlement value changed since, naming it", async () => {
    rig = await startCliRig(
      {
        ...SEED,
        entitlementFields: [
          {
            name: "Support level",
            type: "SELECT",
            options: ["Standard", "Premium"],
          },
        ],
      },
      FILES,
    );
    expect((await rig.run(["plan", "--out", "plan.json"])).code).toBe(0);
    const state = rig.emu.control.state();
    const widget = state.products.find((p) => p.name === "Acme Widget")!.id;
    await rig.emu.control.reset({
      ...state,
      organizations: state.organizations.map((org) => ({
        ...org,
        entitlementDetails: { [widget]: { "Support level": ["Premium"] } },
      })),
    });
    rig.emu.control.clearRequests();
    const applied = await rig.run([
      "apply",
      "--plan",
      "plan.json",
      "--auto-approve",
    ]);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain(WIDGET);
    expect(rig.writes()).toEqual([]);
  });

  it("customer fields: adopts a predefined one, creates and prunes others, never a predefined one unless named", async () => {
    rig = await startCliRig(
      {
        ...SEED,
        predefinedFields: true,
        customerFields: [{ name: "Old", type: "TEXT" }],
      },
      {
        "orgsync/fields.yaml": FIELDS,
        "orgsync/customer-fields.yaml": `apiVersion: orgsync/v1
kind: DetailFields
entity: customer
prune: true
fields:
  - { name: Title, type: TEXT }
  - { name: Nickname, type: TEXT }
`,
      },
    );
    const planned = await rig.run(["plan"]);
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain('+ field.customer["Nickname"] (TEXT)');
    expect(planned.stdout).toContain('- field.customer["Old"] (TEXT)');
    expect(planned.stdout).not.toContain('field.customer["Title"]');
    expect(planned.stdout).not.toContain('field.customer["Full name"]');
    expect((await rig.run(["apply", "--auto-approve"])).code).toBe(1);
    const applied = await rig.run([
      "apply",
      "--auto-approve",
      "--allow-delete",
    ]);
    expect(applied.code).toBe(0);
    const names = rig.emu.control.state().customerFields!.map((f) => f.name);
    expect(names).toContain("Nickname");
    expect(names).toContain("Full name");
    expect(names).not.toContain("Old");
    // The organization fields are another name space: untouched.
    expect(rig.emu.control.state().fields.map((f) => f.name)).toContain(
      "Region",
    );
  });

  it("refuses another type for a predefined customer field, naming the entity", async () => {
    rig = await startCliRig(
      { ...SEED, predefinedFields: true },
      {
        "orgsync/fields.yaml": FIELDS,
        "orgsync/customer-fields.yaml": `apiVersion: orgsync/v1
kind: DetailFields
entity: customer
fields:
  - { name: Title, type: URL }
`,
      },
    );
    const planned = await rig.run(["plan"]);
    expect(planned.code).toBe(1);
    expect(planned.stderr).toContain(
      'customer field "Title" is the site\'s predefined customer field "Title" of type TEXT',
    );
  });

  it("export skips an entitlement field another file in --out declares, by its own name space", async () => {
    rig = await startCliRig({
      ...SEED,
      fields: [...SEED.fields!, { name: "Support level", type: "TEXT" }],
      entitlementFields: [
        {
          name: "Support level",
          type: "SELECT",
          options: ["Standard", "Premium"],
        },
        { name: "Contract end", type: "DATE" },
      ],
    });
    await rig.write({
      "out/mine.yaml": ENTITLEMENT_FIELDS,
    });
    const exported = await rig.run([
      "export",
      "--out",
      "out",
      "--org",
      "Acme Corp",
    ]);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toBe(
      'skipped entitlement field "Support level": mine.yaml in the output directory already declares it\n',
    );
    const entity = await readFile(
      join(rig.dir, "out/entitlement-fields.yaml"),
      "utf8",
    );
    expect(entity).toContain("- name: Contract end");
    expect(entity).not.toContain("Support level");
    // The organization field of the same name is another field: exported.
    const fields = await readFile(join(rig.dir, "out/fields.yaml"), "utf8");
    expect(fields).toContain("- name: Support level");
    expect((await rig.run(["validate", "out"])).code).toBe(0);
  });
});
