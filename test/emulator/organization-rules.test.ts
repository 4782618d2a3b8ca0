import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import type { RunningEmulator } from "../../src/emulator/index.js";
import {
  call,
  errorBody,
  errorProperties,
  errorText,
  schemaProblems,
  startTestEmulator,
} from "./helpers.js";
import type {
  WireEntitlement,
  WireError,
  WireOrganization,
  WireOrganizationRef,
  WireProductPage,
  WireProfile,
} from "./wire-types.js";

const WIDGET = "3858a61a-d337-42e6-993e-e13e1c366d4f";
const GADGET = "4858a61a-d337-42e6-993e-e13e1c366d4f";

const SEED = {
  fields: [{ name: "Region", type: "SELECT", options: ["AU", "EU", "US"] }],
  products: [
    { id: WIDGET, name: "Acme Widget" },
    { id: GADGET, name: "Acme Gadget" },
  ],
  organizations: [
    { name: "Acme", details: { Region: "EU" }, products: ["Acme Widget"] },
    { name: "Globex", products: [WIDGET, GADGET] },
    { name: "Initech" },
  ],
};

const names = (list: readonly { name: string }[]): string[] =>
  list.map((item) => item.name);

describe("organizations, profiles, entitlements and products", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: SEED });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.control.reset());

  it("numbers new organizations and keeps their names unique case-insensitively", async () => {
    const created = await call<WireOrganizationRef>(
      emulator,
      "POST",
      "organization",
      {
        body: { name: "  Hooli " },
      },
    );
    expect(created.body).toEqual({ id: "4", name: "Hooli" });
    for (const name of ["hooli", " ACME", "Globex  "]) {
      const clash = await call(emulator, "POST", "organization", {
        body: { name },
      });
      expect(clash.status).toBe(400);
      expect(errorText(clash)).toMatch(
        /An organization named .* already exists/,
      );
    }
    const profileClash = await call(emulator, "POST", "organization/profile", {
      body: { name: "INITECH" },
    });
    expect(profileClash.status).toBe(400);
  });

  it("renames, refusing another organization's name but allowing a change of case", async () => {
    expect(
      (
        await call(emulator, "PUT", "organization/1", {
          body: { name: "globex" },
        })
      ).status,
    ).toBe(400);
    const recased = await call(emulator, "PUT", "organization/1", {
      body: { name: "ACME" },
    });
    expect(recased.body).toEqual({ id: "1", name: "ACME" });
    const renamed = await call(emulator, "PUT", "organization/1", {
      body: { name: "Acme Corp" },
    });
    expect(renamed.status).toBe(200);
    const byOld = await call<{ organizations: WireOrganizationRef[] }>(
      emulator,
      "POST",
      "organization/fetch",
      {
        body: { organizationNames: ["Acme"] },
      },
    );
    expect(byOld.body.organizations).toEqual([]);
    expect(
      (await call(emulator, "POST", "organization", { body: { name: "acme" } }))
        .status,
    ).toBe(200);
  });

  it("fetches by ids and names in request order, once each, omitting unknown ones", async () => {
    const reply = await call<{ organizations: WireOrganizationRef[] }>(
      emulator,
      "POST",
      "organization/fetch",
      {
        body: {
          organizationIds: ["3", "99", "1"],
          organizationNames: [" GLOBEX", "nobody", "acme"],
        },
      },
    );
    expect(reply.body.organizations).toEqual([
      { id: "3", name: "Initech" },
      { id: "1", name: "Acme" },
      { id: "2", name: "Globex" },
    ]);
    const none = await call(emulator, "POST", "organization/fetch", {
      body: {},
    });
    expect(none.body).toEqual({ organizations: [] });
  });

  it("answers 400 above 50 organizations or 25 profiles in one fetch", async () => {
    const ids = (n: number) =>
      Array.from({ length: n }, (_, i) => String(i + 1));
    const fetch = (path: string, count: number) =>
      call<{ profiles: WireProfile[] }>(emulator, "POST", path, {
        body: { organizationIds: ids(count - 1), organizationNames: ["Acme"] },
      });
    expect((await fetch("organization/fetch", 50)).status).toBe(200);
    const over = await fetch("organization/fetch", 51);
    expect(over.status).toBe(400);
    expect(errorText(over)).toMatch(/At most 50 organizations .* asks for 51/);
    const profiles = await fetch("organization/profile/fetch", 25);
    expect(profiles.status).toBe(200);
    expect(names(profiles.body.profiles)).toEqual([
      "Acme",
      "Globex",
      "Initech",
    ]);
    const overProfiles = await fetch("organization/profile/fetch", 26);
    expect(overProfiles.status).toBe(400);
    expect(errorText(overProfiles)).toMatch(/At most 25/);
  });

  it("answers 404 for unknown organization and entitlement ids", async () => {
    const cases: [string, string, unknown?][] = [
      ["GET", "organization/99"],
      ["PUT", "organization/99", { name: "X" }],
      ["DELETE", "organization/99"],
      ["PUT", "organization/99/details?fieldName=Region", { values: ["EU"] }],
      ["GET", "organization/profile/99"],
      ["GET", "organization/99/entitlement"],
      ["POST", "organization/99/entitlement", { productId: WIDGET }],
      ["DELETE", "entitlement/no-such-id"],
    ];
    for (const [method, path, body] of cases) {
      const reply = await call(
        emulator,
        method,
        path,
        body === undefined ? {} : { body },
      );
      expect(reply.status, `${method} ${path}`).toBe(404);
      expect(errorBody(reply).statusCode).toBe(404);
    }
  });

  it("creates a profile with details, customers and products in one go", async () => {
    const reply = await call<WireProfile>(
      emulator,
      "POST",
      "organization/profile",
      {
        body: {
          name: "Hooli",
          details: [{ name: "region", values: ["US"] }],
          associateCustomers: { customerIds: ["qm:1", "qm:2"] },
          associateProducts: { productIds: [GADGET] },
        },
      },
    );
    expect(reply.status).toBe(200);
    expect(schemaProblems("Profile", reply.body)).toEqual([]);
    expect(reply.body).toMatchObject({
      id: "4",
      name: "Hooli",
      details: [{ name: "Region", value: { type: "SELECT", text: ["US"] } }],
      customers: [{ id: "qm:1" }, { id: "qm:2" }],
      entitlements: [
        {
          product: { id: GADGET, name: "Acme Gadget" },
          entitledEntity: { id: "4", type: "ORGANIZATION" },
          details: [],
        },
      ],
    });
    const plain = await call<WireOrganization>(
      emulator,
      "GET",
      "organization/4",
    );
    expect(plain.body.details[0]?.values).toEqual(["US"]);
  });

  it("creates nothing when any part of a profile is wrong", async () => {
    const bad: [unknown, string][] = [
      [
        { name: "H", associateProducts: { productIds: ["no-such-product"] } },
        "associateProducts.productIds[0]",
      ],
      [
        { name: "H", associateProducts: { productIds: [WIDGET, WIDGET] } },
        "associateProducts.productIds[1]",
      ],
      [
        { name: "H", details: [{ name: "Nope", values: ["x"] }] },
        "details[0].name",
      ],
      [
        { name: "H", details: [{ name: "Region", values: ["Mars"] }] },
        "details[0].values",
      ],
      [
        {
          name: "H",
          details: [
            { name: "Region", values: ["AU"] },
            { name: "REGION", values: ["EU"] },
          ],
        },
        "details[1].name",
      ],
    ];
    for (const [body, property] of bad) {
      const reply = await call<WireError>(
        emulator,
        "POST",
        "organization/profile",
        {
          body,
        },
      );
      expect(reply.status).toBe(400);
      expect(errorProperties(reply)).toEqual([property]);
    }
    expect(emulator.control.state().organizations).toHaveLength(3);
  });

  it("lists, adds and removes entitlements; one per product", async () => {
    const listed = await call<WireEntitlement[]>(
      emulator,
      "GET",
      "organization/2/entitlement",
    );
    expect(listed.body.map((e) => e.product.name)).toEqual([
      "Acme Widget",
      "Acme Gadget",
    ]);
    const added = await call<WireEntitlement>(
      emulator,
      "POST",
      "organization/1/entitlement",
      {
        body: { productId: GADGET },
      },
    );
    expect(added.status).toBe(200);
    expect(added.body.id).toMatch(/^[0-9a-f-]{36}$/);
    const again = await call(emulator, "POST", "organization/1/entitlement", {
      body: { productId: GADGET },
    });
    expect(again.status).toBe(400);
    expect(errorText(again)).toMatch(
      /already entitled to product "Acme Gadget"/,
    );
    const unknown = await call(emulator, "POST", "organization/1/entitlement", {
      body: { productId: "nope" },
    });
    expect(unknown.status).toBe(400);
    const removed = await call(
      emulator,
      "DELETE",
      `entitlement/${added.body.id}`,
    );
    expect(removed.status).toBe(204);
    expect(
      (await call(emulator, "DELETE", `entitlement/${added.body.id}`)).status,
    ).toBe(404);
    const profile = await call<WireProfile>(
      emulator,
      "GET",
      "organization/profile/1",
    );
    expect(profile.body.entitlements.map((e) => e.product.name)).toEqual([
      "Acme Widget",
    ]);
  });

  it("deletes an organization with its entitlements", async () => {
    const entitlements = (
      await call<WireEntitlement[]>(
        emulator,
        "GET",
        "organization/2/entitlement",
      )
    ).body;
    expect((await call(emulator, "DELETE", "organization/2")).status).toBe(204);
    expect((await call(emulator, "GET", "organization/2")).status).toBe(404);
    for (const entitlement of entitlements) {
      expect(
        (await call(emulator, "DELETE", `entitlement/${entitlement.id}`))
          .status,
      ).toBe(404);
    }
    expect(
      (
        await call<WireOrganizationRef>(emulator, "POST", "organization", {
          body: { name: "Globex" },
        })
      ).body.id,
    ).toBe("4");
  });

  it("creates products and lists them a page at a time", async () => {
    for (let i = 1; i <= 5; i++) {
      const reply = await call(emulator, "POST", "product", {
        body: { name: `P${i}` },
      });
      expect(schemaProblems("Product", reply.body)).toEqual([]);
    }
    expect(
      (await call(emulator, "POST", "product", { body: { name: "p1" } }))
        .status,
    ).toBe(400);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const reply = await call<WireProductPage>(
        emulator,
        "GET",
        `product?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      expect(schemaProblems("ProductPage", reply.body)).toEqual([]);
      // Documented on Atlassian's product reference page: the list is `results`.
      expect(Object.keys(reply.body).sort()).toEqual(
        cursor === undefined || pages < 2
          ? ["nextPageCursor", "results"]
          : ["results"],
      );
      seen.push(...names(reply.body.results));
      cursor = reply.body.nextPageCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([
      "Acme Widget",
      "Acme Gadget",
      "P1",
      "P2",
      "P3",
      "P4",
      "P5",
    ]);
    expect(
      (await call<WireProductPage>(emulator, "GET", "product")).body.results,
    ).toHaveLength(7);
    // "limit defaults to 100 if not specified or value given is less than 1 or greater than 100"
    for (const limit of ["101", "0", "-5", "many"]) {
      const reply = await call<WireProductPage>(
        emulator,
        "GET",
        `product?limit=${limit}`,
      );
      expect(reply.status, limit).toBe(200);
      expect(reply.body.results, limit).toHaveLength(7);
    }
    expect((await call(emulator, "GET", "product?cursor=bogus")).status).toBe(
      400,
    );
  });

  it("renames a product, and deletes it with every entitlement to it", async () => {
    const renamed = await call(emulator, "PUT", `product/${WIDGET}`, {
      body: { name: "Acme Widget Pro" },
    });
    expect(renamed.body).toEqual({ id: WIDGET, name: "Acme Widget Pro" });
    expect(
      (
        await call(emulator, "PUT", `product/${WIDGET}`, {
          body: { name: "acme gadget" },
        })
      ).status,
    ).toBe(400);
    const holders = () =>
      emulator.control
        .state()
        .organizations.filter((o) => o.products.includes(WIDGET))
        .map((o) => o.name);
    expect(holders()).toEqual(["Acme", "Globex"]);
    expect((await call(emulator, "DELETE", `product/${WIDGET}`)).status).toBe(
      204,
    );
    expect(holders()).toEqual([]);
    expect(
      (await call<WireProductPage>(emulator, "GET", "product")).body.results,
    ).toEqual([{ id: GADGET, name: "Acme Gadget" }]);
    expect((await call(emulator, "DELETE", `product/${WIDGET}`)).status).toBe(
      404,
    );
  });
});
