import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  ApiError,
  ApiRequestError,
  createClient,
  type CsmClient,
} from "../../src/api/index.js";
import { ORGSYNC_VERSION } from "../../src/version.js";
import { startRig, type Rig } from "./helpers/emulator-client.js";
import { startScriptedServer } from "./helpers/scripted-server.js";

const ODD = "Tier/Level ?#% ü 名";

describe("every endpoint against the emulator", () => {
  let rig: Rig;
  let client: CsmClient;

  beforeAll(async () => {
    rig = await startRig({
      seed: {
        fields: [
          { name: "Region", type: "SELECT", options: ["AU", "EU", "US"] },
          { name: "Notes", type: "TEXT" },
        ],
        products: [
          { name: "Widget" },
          { name: "Gadget" },
          { name: "Doohickey" },
        ],
        organizations: [
          { name: "Acme", details: { Region: "EU" }, products: ["Widget"] },
        ],
      },
    });
    client = rig.client;
  });
  afterAll(() => rig.close());

  it("reads, creates, edits and deletes detail fields, names with / ? # and unicode", async () => {
    const before = await client.listDetailFields();
    expect(before.map((f) => f.name)).toEqual(["Region", "Notes"]);
    expect(before[0]).toMatchObject({
      type: { name: "SELECT", options: ["AU", "EU", "US"] },
    });

    const created = await client.createDetailField({
      name: ODD,
      type: { name: "SELECT", options: ["Gold", "Silver"] },
    });
    expect(created).toMatchObject({ name: ODD, type: { name: "SELECT" } });
    const edited = await client.editDetailField(ODD, {
      name: `${ODD} 2`,
      options: ["Gold", "Silver", "Bronze"],
    });
    expect(edited).toMatchObject({
      name: `${ODD} 2`,
      type: { options: ["Gold", "Silver", "Bronze"] },
    });
    await client.deleteDetailField(`${ODD} 2`);
    expect((await client.listDetailFields()).map((f) => f.name)).toEqual([
      "Region",
      "Notes",
    ]);
    const calls = rig.requests().map((r) => r.call);
    expect(calls).toContain(
      `PUT organization/details/${encodeURIComponent(ODD)}`,
    );
  });

  it("creates, reads, renames, sets details of, fetches and deletes organizations", async () => {
    const ref = await client.createOrganization("Globex");
    expect(ref).toEqual({ id: expect.any(String), name: "Globex" });
    const renamed = await client.renameOrganization(ref.id, "Globex Corp");
    expect(renamed).toEqual({ id: ref.id, name: "Globex Corp" });

    await client.createDetailField({ name: ODD, type: { name: "TEXT" } });
    const detail = await client.setOrganizationDetail(ref.id, ODD, ["a b+c"]);
    expect(detail).toMatchObject({ name: ODD, values: ["a b+c"] });
    await client.setOrganizationDetail(ref.id, "Region", ["US"]);
    const organization = await client.getOrganization(ref.id);
    expect(organization.name).toBe("Globex Corp");
    expect(
      organization.details.map((d) => [d.name, d.values] as const),
    ).toEqual(
      expect.arrayContaining([
        [ODD, ["a b+c"]],
        ["Region", ["US"]],
      ]),
    );

    const fetched = await client.fetchOrganizations({
      organizationNames: ["globex corp", "Nobody"],
      organizationIds: [ref.id],
    });
    expect(fetched).toEqual([{ id: ref.id, name: "Globex Corp" }]);

    await client.deleteOrganization(ref.id);
    await expect(client.getOrganization(ref.id)).rejects.toMatchObject({
      code: "E_API_STATUS",
      status: 404,
      method: "GET",
      path: `organization/${ref.id}`,
    });
    await client.deleteDetailField(ODD);
  });

  it("creates, reads and fetches profiles", async () => {
    const products = (await client.listProducts({ limit: 100 })).results;
    const widget = products.find((p) => p.name === "Widget")!;
    const profile = await client.createProfile({
      name: "Initech",
      details: [{ name: "Region", values: ["AU"] }],
      associateCustomers: { customerIds: ["qm:1:2"] },
      associateProducts: { productIds: [widget.id] },
    });
    expect(profile).toMatchObject({
      name: "Initech",
      details: [{ name: "Region", value: { type: "SELECT", text: ["AU"] } }],
      entitlements: [{ product: { id: widget.id, name: "Widget" } }],
      customers: [{ id: "qm:1:2" }],
    });
    expect(await client.getProfile(profile.id)).toEqual(profile);
    const found = await client.fetchProfiles({
      organizationNames: [" INITECH ", "acme"],
    });
    expect(found.map((p) => p.name).sort()).toEqual(["Acme", "Initech"]);
  });

  it("lists, adds and removes entitlements", async () => {
    const [acme] = await client.fetchOrganizations({
      organizationNames: ["Acme"],
    });
    const products = (await client.listProducts()).results;
    const gadget = products.find((p) => p.name === "Gadget")!;
    const entitlement = await client.createEntitlement(acme!.id, gadget.id);
    expect(entitlement.product).toEqual({ id: gadget.id, name: "Gadget" });
    const listed = await client.listEntitlements(acme!.id);
    expect(listed.map((e) => e.product.name).sort()).toEqual([
      "Gadget",
      "Widget",
    ]);
    await client.deleteEntitlement(entitlement.id);
    expect(
      (await client.listEntitlements(acme!.id)).map((e) => e.product.name),
    ).toEqual(["Widget"]);
  });

  it("pages through products and creates one", async () => {
    const created = await client.createProduct({ name: "Thingamajig" });
    expect(created.name).toBe("Thingamajig");
    const names: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i += 1) {
      const page = await client.listProducts({
        limit: 2,
        ...(cursor === undefined ? {} : { cursor }),
      });
      expect(page.results.length).toBeLessThanOrEqual(2);
      names.push(...page.results.map((p) => p.name));
      cursor = page.nextPageCursor ?? undefined;
      if (cursor === undefined) break;
    }
    expect(names.sort()).toEqual([
      "Doohickey",
      "Gadget",
      "Thingamajig",
      "Widget",
    ]);
  });

  it("refuses oversized fetches and unsendable path segments without sending", async () => {
    const before = rig.requests().length;
    const names = Array.from({ length: 26 }, (_, i) => `Org ${i}`);
    await expect(
      client.fetchProfiles({ organizationNames: names }),
    ).rejects.toThrow(ApiRequestError);
    await expect(
      client.fetchOrganizations({
        organizationNames: names,
        organizationIds: names,
      }),
    ).rejects.toThrow(/at most 50 ids and names in all, not 52/);
    for (const name of [".", "..", "%2e%2E", ""])
      await expect(client.deleteDetailField(name)).rejects.toMatchObject({
        code: "E_API_REQUEST",
      });
    expect(rig.requests()).toHaveLength(before);
  });

  it("reports a definite client error as an ApiError carrying Atlassian's message", async () => {
    const error = (await client
      .createDetailField({ name: "Region", type: { name: "TEXT" } })
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBeGreaterThanOrEqual(400);
    expect(error.status).toBeLessThan(500);
    expect(error.messages.length + error.fieldErrors.length).toBeGreaterThan(0);
    expect(error.message).toContain("POST organization/details answered");
  });
});

describe("headers", () => {
  it("names orgsync, authenticates, and opts in only on the experimental calls", async () => {
    const server = await startScriptedServer([{ status: 200, body: {} }]);
    try {
      const client = createClient({
        baseUrl: server.baseUrl,
        auth: { kind: "basic", email: "me@example.com", apiToken: "api-tok" },
        retry: { maxAttempts: 1 },
      });
      const calls: [string, () => Promise<unknown>][] = [
        ["listDetailFields", () => client.listDetailFields()],
        ["createOrganization", () => client.createOrganization("A")],
        ["renameOrganization", () => client.renameOrganization("1", "B")],
        ["fetchOrganizations", () => client.fetchOrganizations({})],
        ["getOrganization", () => client.getOrganization("1")],
        ["getProfile", () => client.getProfile("1")],
        [
          "createProfile",
          () => client.createProfile({ name: "A", details: [] }),
        ],
        ["fetchProfiles", () => client.fetchProfiles({})],
        [
          "setOrganizationDetail",
          () => client.setOrganizationDetail("1", "F", []),
        ],
        ["listEntitlements", () => client.listEntitlements("1")],
      ];
      for (const [, call] of calls) await call().catch(() => undefined);
      const optedIn = server.seen.map(
        (r) => r.headers["x-experimentalapi"] === "opt-in",
      );
      expect(optedIn).toEqual([
        false,
        true,
        true,
        true,
        false,
        true,
        true,
        true,
        false,
        false,
      ]);
      for (const request of server.seen) {
        expect(request.headers["user-agent"]).toMatch(
          new RegExp(`^orgsync/${ORGSYNC_VERSION.replace(/\./g, "\\.")} `),
        );
        expect(request.headers.accept).toBe("application/json");
        expect(request.headers.authorization).toBe(
          `Basic ${Buffer.from("me@example.com:api-tok").toString("base64")}`,
        );
      }
      expect(server.seen[8]!.url).toBe(
        "/api/v1/organization/1/details?fieldName=F",
      );
      expect(JSON.parse(server.seen[7]!.body)).toEqual({
        organizationIds: [],
        organizationNames: [],
      });
    } finally {
      await server.close();
    }
  });

  it("does not follow a redirect (it could carry the token elsewhere)", async () => {
    const server = await startScriptedServer([
      { status: 302, headers: { location: "http://127.0.0.1:9/steal" } },
    ]);
    try {
      const client = createClient({
        baseUrl: server.baseUrl,
        auth: { kind: "bearer", token: "tok" },
      });
      await expect(client.listDetailFields()).rejects.toMatchObject({
        code: "E_API_STATUS",
        status: 302,
      });
      expect(server.seen).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
