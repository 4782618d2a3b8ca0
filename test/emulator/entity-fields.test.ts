import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import {
  startEmulator,
  type EmulatorSeed,
  type RunningEmulator,
} from "../../src/emulator/index.js";
import {
  call,
  errorText,
  schemaProblems,
  startTestEmulator,
} from "./helpers.js";
import type {
  WireDetail,
  WireEntitlement,
  WireField,
  WireOrganization,
  WireProfile,
} from "./wire-types.js";

/** Issue 17.4: entitlement and customer detail fields, and entitlement values. */

const PRODUCT = "00000000-0000-4000-8000-000000000001";
const OTHER_PRODUCT = "00000000-0000-4000-8000-000000000002";
const ENTITLEMENT = "e-acme-widget";

const SEED: EmulatorSeed = {
  fields: [{ name: "Region", type: "TEXT" }],
  entitlementFields: [
    { name: "Support level", type: "SELECT", options: ["Basic", "Premium"] },
    { name: "Contract end", type: "DATE" },
  ],
  customerFields: [{ name: "Nickname", type: "TEXT" }],
  products: [
    { id: PRODUCT, name: "Acme Widget" },
    { id: OTHER_PRODUCT, name: "Acme Gadget" },
  ],
  organizations: [
    {
      id: "1",
      name: "Acme",
      details: { Region: "EU" },
      products: ["Acme Widget", "Acme Gadget"],
      entitlementIds: { "Acme Widget": ENTITLEMENT },
      entitlementDetails: { "Acme Widget": { "Support level": "Premium" } },
    },
  ],
};

/** Details in the profile shape, as entitlements carry them. */
type ProfileDetails = WireProfile["details"];

const byName = (details: ProfileDetails): Record<string, string[]> =>
  Object.fromEntries(details.map((d) => [d.name, d.value.text]));

describe("entitlement and customer detail fields", () => {
  let emulator: RunningEmulator;
  const fields = async (entity: string): Promise<WireField[]> =>
    (await call<{ results: WireField[] }>(emulator, "GET", `${entity}/details`))
      .body.results;
  const entitlement = async (id = ENTITLEMENT): Promise<WireEntitlement> =>
    (await call<WireEntitlement>(emulator, "GET", `entitlement/${id}`)).body;
  const setValue = (field: string, values: unknown, id = ENTITLEMENT) =>
    call<WireDetail>(
      emulator,
      "PUT",
      `entitlement/${id}/details?fieldName=${encodeURIComponent(field)}`,
      { body: { values } },
    );

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: SEED });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.control.reset());

  describe.each(["entitlement", "customer"])("%s/details", (entity) => {
    const create = (body: unknown) =>
      call<WireField>(emulator, "POST", `${entity}/details`, { body });

    it("creates, renames, changes options and deletes a field", async () => {
      const created = await create({
        name: " Tier ",
        type: { name: "SELECT", options: ["Gold", "Silver"] },
      });
      expect(created.status).toBe(200);
      expect(created.body).toEqual({
        name: "Tier",
        type: { name: "SELECT", options: ["Gold", "Silver"] },
      });
      const clash = await create({ name: "TIER", type: { name: "TEXT" } });
      expect(clash.status).toBe(400);
      expect(errorText(clash)).toMatch(/named "TIER" already exists/);

      const edited = await call<WireField>(
        emulator,
        "PUT",
        `${entity}/details/tier`,
        { body: { name: "Level", options: ["Gold", "Bronze"] } },
      );
      expect(edited.status).toBe(200);
      expect(edited.body).toEqual({
        name: "Level",
        type: { name: "SELECT", options: ["Gold", "Bronze"] },
      });
      const listed = await fields(entity);
      expect(listed.at(-1)).toEqual({
        name: "Level",
        type: { name: "SELECT", options: ["Gold", "Bronze"] },
        configuration: { position: listed.length },
      });
      for (const field of listed) {
        expect(schemaProblems("DetailField", field)).toEqual([]);
      }

      const deleted = await call(emulator, "DELETE", `${entity}/details/LEVEL`);
      expect(deleted.status).toBe(204);
      expect((await fields(entity)).map((f) => f.name)).not.toContain("Level");
      const again = await call(emulator, "DELETE", `${entity}/details/Level`);
      expect(again.status).toBe(404);
      expect(errorText(again)).toContain(`No ${entity} detail field named`);
    });

    it("allows at most 50 fields", async () => {
      const start = (await fields(entity)).length;
      for (let i = start + 1; i <= 50; i++) {
        expect(
          (await create({ name: `F${i}`, type: { name: "TEXT" } })).status,
        ).toBe(200);
      }
      const extra = await create({ name: "F51", type: { name: "TEXT" } });
      expect(extra.status).toBe(400);
      expect(errorText(extra)).toContain(`at most 50 ${entity} detail fields`);
      expect(await fields(entity)).toHaveLength(50);
    });

    it("allows at most 50 options, on create and on edit", async () => {
      const options = (n: number) =>
        Array.from({ length: n }, (_, i) => `o${i + 1}`);
      const tooMany = await create({
        name: "Pick",
        type: { name: "MULTISELECT", options: options(51) },
      });
      expect(tooMany.status).toBe(400);
      expect(errorText(tooMany)).toMatch(/at most 50 options, found 51/);
      const fifty = await create({
        name: "Pick",
        type: { name: "MULTISELECT", options: options(50) },
      });
      expect(fifty.status).toBe(200);
      const edit = await call(emulator, "PUT", `${entity}/details/Pick`, {
        body: { name: "Pick", options: options(51) },
      });
      expect(edit.status).toBe(400);
      expect(errorText(edit)).toMatch(/at most 50 options/);
    });

    it("refuses a type change through PUT", async () => {
      await create({ name: "Since", type: { name: "DATE" } });
      const change = await call(emulator, "PUT", `${entity}/details/Since`, {
        body: { name: "Since", type: { name: "TEXT" } },
      });
      expect(change.status).toBe(400);
      expect(errorText(change)).toMatch(
        /type of a detail field cannot be changed/,
      );
      expect((await fields(entity)).at(-1)?.type).toEqual({ name: "DATE" });
    });
  });

  it("gives each entity its own name space", async () => {
    for (const entity of ["entitlement", "customer"]) {
      const region = await call(emulator, "POST", `${entity}/details`, {
        body: { name: "Region", type: { name: "SELECT", options: ["AU"] } },
      });
      expect(region.status).toBe(200);
    }
    expect(
      (await call(emulator, "DELETE", "entitlement/details/Region")).status,
    ).toBe(204);
    // The organization field "Region" and its value are untouched; so is the customer one.
    const organization = await call<WireOrganization>(
      emulator,
      "GET",
      "organization/1",
    );
    expect(organization.body.details.map((d) => [d.name, d.values])).toEqual([
      ["Region", ["EU"]],
    ]);
    expect((await fields("organization")).map((f) => f.type)).toEqual([
      { name: "TEXT" },
    ]);
    expect((await fields("customer")).map((f) => f.name)).toEqual([
      "Nickname",
      "Region",
    ]);
    // An organization value cannot be set through an entitlement field, nor the reverse.
    expect((await setValue("Region", ["EU"])).status).toBe(404);
    const crossed = await call(
      emulator,
      "PUT",
      "organization/1/details?fieldName=Contract%20end",
      { body: { values: ["2027-03-31"] } },
    );
    expect(crossed.status).toBe(404);
  });

  it("sets entitlement values, checked against the field's type and options", async () => {
    const set = await setValue("Contract end", ["2027-03-31"]);
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      name: "Contract end",
      type: { name: "DATE" },
      values: ["2027-03-31"],
    });
    expect(typeof set.body.id).toBe("string");

    const notOption = await setValue("Support level", ["Gold"]);
    expect(notOption.status).toBe(400);
    expect(errorText(notOption)).toMatch(/"Gold" is not an option/);
    const notDate = await setValue("Contract end", ["31/03/2027"]);
    expect(notDate.status).toBe(400);
    expect(errorText(notDate)).toMatch(/is not a date/);
    const two = await setValue("Support level", ["Basic", "Premium"]);
    expect(two.status).toBe(400);
    expect(errorText(two)).toMatch(/holds one value, found 2/);
    expect(
      (await setValue("Contract end", ["2027-03-31"], "nope")).status,
    ).toBe(404);
    const noName = await call(
      emulator,
      "PUT",
      `entitlement/${ENTITLEMENT}/details`,
      {
        body: { values: ["x"] },
      },
    );
    expect(noName.status).toBe(400);
    expect(errorText(noName)).toContain("fieldName is required");

    expect(byName((await entitlement()).details as ProfileDetails)).toEqual({
      "Support level": ["Premium"],
      "Contract end": ["2027-03-31"],
    });
    // An empty list clears the value.
    expect((await setValue("Support level", [])).status).toBe(200);
    expect(byName((await entitlement()).details as ProfileDetails)).toEqual({
      "Contract end": ["2027-03-31"],
    });
  });

  it("shows entitlement values in GET entitlement/{id}, the profile and the entitlement list", async () => {
    const expected = {
      id: ENTITLEMENT,
      product: { id: PRODUCT, name: "Acme Widget" },
      entitledEntity: { id: "1", type: "ORGANIZATION" },
      details: [
        { name: "Support level", value: { type: "SELECT", text: ["Premium"] } },
      ],
    };
    const single = await call<WireEntitlement>(
      emulator,
      "GET",
      `entitlement/${ENTITLEMENT}`,
    );
    expect(single.status).toBe(200);
    expect(single.body).toEqual(expected);
    expect(schemaProblems("Entitlement", single.body)).toEqual([]);

    const profile = await call<WireProfile>(
      emulator,
      "GET",
      "organization/profile/1",
    );
    expect(profile.body.entitlements[0]).toEqual(expected);
    expect(profile.body.entitlements[1]?.details).toEqual([]);
    // The organization's own details stay its own.
    expect(byName(profile.body.details)).toEqual({ Region: ["EU"] });
    expect(schemaProblems("Profile", profile.body)).toEqual([]);

    const list = await call<WireEntitlement[]>(
      emulator,
      "GET",
      "organization/1/entitlement",
    );
    expect(list.body[0]).toEqual(expected);
    expect(schemaProblems("EntitlementList", list.body)).toEqual([]);
  });

  it("removes values outside a field's new options", async () => {
    await call(emulator, "PUT", "entitlement/details/Support%20level", {
      body: { name: "Tier", options: ["Basic"] },
    });
    expect((await entitlement()).details).toEqual([]);
  });

  it("wipes the values when the field is deleted", async () => {
    expect(
      (await call(emulator, "DELETE", "entitlement/details/Support%20level"))
        .status,
    ).toBe(204);
    expect((await entitlement()).details).toEqual([]);
    // A new field of the same name starts empty.
    await call(emulator, "POST", "entitlement/details", {
      body: { name: "Support level", type: { name: "TEXT" } },
    });
    expect((await entitlement()).details).toEqual([]);
    expect(emulator.control.state().organizations[0]).not.toHaveProperty(
      "entitlementDetails",
    );
  });

  it("wipes the values when the entitlement or the product goes", async () => {
    const products = (
      await call<WireProfile>(emulator, "GET", "organization/profile/1")
    ).body.entitlements;
    const gadget = products.find((e) => e.product.id === OTHER_PRODUCT)!;
    expect(
      (await setValue("Contract end", ["2027-03-31"], gadget.id)).status,
    ).toBe(200);

    expect(
      (await call(emulator, "DELETE", `entitlement/${ENTITLEMENT}`)).status,
    ).toBe(204);
    expect(
      (await call(emulator, "GET", `entitlement/${ENTITLEMENT}`)).status,
    ).toBe(404);
    const again = await call<WireEntitlement>(
      emulator,
      "POST",
      "organization/1/entitlement",
      {
        body: { productId: PRODUCT },
      },
    );
    expect(again.body.details).toEqual([]);

    expect(
      (await call(emulator, "DELETE", `product/${OTHER_PRODUCT}`)).status,
    ).toBe(204);
    expect(
      (await call(emulator, "GET", `entitlement/${gadget.id}`)).status,
    ).toBe(404);
    expect(emulator.control.state().organizations[0]).not.toHaveProperty(
      "entitlementDetails",
    );
    // Deleting the field afterwards finds no stale holder to touch.
    expect(
      (await call(emulator, "DELETE", "entitlement/details/Contract%20end"))
        .status,
    ).toBe(204);
  });

  it("snapshots entitlement fields and values in a form that seeds the same state", async () => {
    await setValue("Contract end", "2027-03-31".split(" "));
    const snapshot = emulator.control.state();
    expect(snapshot.entitlementFields?.map((f) => f.name)).toEqual([
      "Support level",
      "Contract end",
    ]);
    expect(snapshot.customerFields?.map((f) => f.name)).toEqual(["Nickname"]);
    expect(snapshot.organizations[0]?.entitlementDetails).toEqual({
      [PRODUCT]: {
        "Support level": ["Premium"],
        "Contract end": ["2027-03-31"],
      },
    });
    const copy = await startTestEmulator({ seed: snapshot });
    try {
      expect(copy.control.state()).toEqual(snapshot);
      const held = await call<WireEntitlement>(
        copy,
        "GET",
        `entitlement/${ENTITLEMENT}`,
      );
      expect(byName(held.body.details as ProfileDetails)).toEqual({
        "Support level": ["Premium"],
        "Contract end": ["2027-03-31"],
      });
    } finally {
      await copy.close();
    }
  });
});

describe("entitlement and customer fields in seeds", () => {
  it("refuses entitlement values for a product the organization does not hold, or a bad value", async () => {
    const organization = (
      entitlementDetails: Record<string, Record<string, string>>,
    ): EmulatorSeed => ({
      ...SEED,
      organizations: [
        { name: "Acme", products: ["Acme Widget"], entitlementDetails },
      ],
    });
    await expect(
      startEmulator({
        seed: organization({ "Acme Gadget": { "Support level": "Basic" } }),
      }),
    ).rejects.toThrow(
      /\/organizations\/0: entitlementDetails names "Acme Gadget", which products does not list/,
    );
    await expect(
      startEmulator({
        seed: organization({ "Acme Widget": { "Support level": "Gold" } }),
      }),
    ).rejects.toThrow(/"Gold" is not an option/);
    await expect(
      startEmulator({
        seed: {
          entitlementFields: [
            { name: "A", type: "TEXT" },
            { name: "a", type: "TEXT" },
          ],
        },
      }),
    ).rejects.toThrow(/\/entitlementFields\/1: .*already exists/);
  });

  it("starts with the predefined customer fields when asked; a listed one takes their place", async () => {
    const plain = await startTestEmulator();
    const predefined = await startTestEmulator({
      predefinedFields: true,
      seed: {
        customerFields: [{ name: "region", type: "SELECT", options: ["EU"] }],
      },
    });
    try {
      const list = async (emulator: RunningEmulator, entity: string) =>
        (
          await call<{ results: WireField[] }>(
            emulator,
            "GET",
            `${entity}/details`,
          )
        ).body.results;
      expect(await list(plain, "customer")).toEqual([]);
      const customer = await list(predefined, "customer");
      expect(customer.map((f) => [f.name, f.type.name])).toEqual([
        ["Full name", "TEXT"],
        ["Phone", "TEXT"],
        ["External ID", "TEXT"],
        ["Title", "TEXT"],
        ["Preferred Language", "TEXT"],
        ["Type", "MULTISELECT"],
        ["region", "SELECT"],
      ]);
      expect(customer[5]?.type.options).toEqual([
        "Customer",
        "Prospect",
        "Partner",
        "Supplier/Vendor",
        "Other",
      ]);
      // The organization ones are still there, and no entitlement field is predefined.
      expect(
        (await list(predefined, "organization")).map((f) => f.name),
      ).toContain("Industry");
      expect(await list(predefined, "entitlement")).toEqual([]);
    } finally {
      await plain.close();
      await predefined.close();
    }
  });
});
