import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import type { RunningEmulator } from "../../src/emulator/index.js";
import {
  call,
  errorBody,
  errorProperties,
  errorText,
  startTestEmulator,
} from "./helpers.js";

const SEED = {
  fields: [{ name: "Region", type: "SELECT", options: ["AU", "EU", "US"] }],
  products: [
    { id: "3858a61a-d337-42e6-993e-e13e1c366d4f", name: "Acme Widget" },
  ],
  organizations: [{ id: "1", name: "Atlassian", details: { Region: "EU" } }],
};

/** One representative request per call of the API (and whether it is experimental). */
const CALLS: {
  method: string;
  path: string;
  body?: unknown;
  experimental: boolean;
}[] = [
  { method: "GET", path: "organization/details", experimental: false },
  {
    method: "POST",
    path: "organization/details",
    body: { name: "Tier", type: { name: "TEXT" } },
    experimental: false,
  },
  {
    method: "PUT",
    path: "organization/details/Region",
    body: { name: "Region" },
    experimental: false,
  },
  {
    method: "DELETE",
    path: "organization/details/Region",
    experimental: false,
  },
  {
    method: "POST",
    path: "organization",
    body: { name: "New" },
    experimental: true,
  },
  { method: "GET", path: "organization/1", experimental: false },
  {
    method: "PUT",
    path: "organization/1",
    body: { name: "Renamed" },
    experimental: true,
  },
  {
    method: "PUT",
    path: "organization/1/details?fieldName=Region",
    body: { values: ["AU"] },
    experimental: false,
  },
  {
    method: "POST",
    path: "organization/fetch",
    body: { organizationIds: ["1"] },
    experimental: true,
  },
  { method: "DELETE", path: "organization/1", experimental: false },
  { method: "GET", path: "organization/profile/1", experimental: true },
  {
    method: "POST",
    path: "organization/profile",
    body: { name: "P", details: [] },
    experimental: true,
  },
  {
    method: "POST",
    path: "organization/profile/fetch",
    body: { organizationIds: ["1"] },
    experimental: true,
  },
  { method: "GET", path: "organization/1/entitlement", experimental: false },
  {
    method: "POST",
    path: "organization/1/entitlement",
    body: { productId: "3858a61a-d337-42e6-993e-e13e1c366d4f" },
    experimental: false,
  },
  { method: "GET", path: "product?limit=10", experimental: false },
  {
    method: "POST",
    path: "product",
    body: { name: "Gadget" },
    experimental: false,
  },
];

describe("HTTP rules", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: SEED });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.control.reset());

  it.each(CALLS)(
    "$method $path answers 401 without Authorization",
    async (c) => {
      const reply = await call(emulator, c.method, c.path, {
        auth: false,
        ...(c.body === undefined ? {} : { body: c.body }),
      });
      expect(reply.status).toBe(401);
      expect(errorText(reply)).toMatch(/authenticated/);
    },
  );

  it.each(CALLS)("$method $path: X-ExperimentalApi rule", async (c) => {
    const reply = await call(emulator, c.method, c.path, {
      experimental: false,
      ...(c.body === undefined ? {} : { body: c.body }),
    });
    if (c.experimental) {
      expect(reply.status).toBe(412);
      expect(errorText(reply)).toMatch(/X-ExperimentalApi: opt-in/);
    } else {
      expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
    }
  });

  it("accepts the opt-in header in any case, and nothing else", async () => {
    const ok = await call(emulator, "GET", "organization/profile/1", {
      experimental: false,
      headers: { "x-experimentalapi": "OPT-IN" },
    });
    expect(ok.status).toBe(200);
    const wrong = await call(emulator, "GET", "organization/profile/1", {
      experimental: false,
      headers: { "X-ExperimentalApi": "yes" },
    });
    expect(wrong.status).toBe(412);
  });

  it("checks the token when one is configured: Bearer, or Basic with it as password", async () => {
    const strict = await startTestEmulator({ token: "s3cret" });
    try {
      const basic = (user: string, password: string): string =>
        `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
      const statusWith = async (authorization: string): Promise<number> =>
        (
          await call(strict, "GET", "organization/details", {
            auth: false,
            headers: { Authorization: authorization },
          })
        ).status;
      expect(await statusWith("Bearer s3cret")).toBe(200);
      expect(await statusWith(basic("me@example.com", "s3cret"))).toBe(200);
      expect(await statusWith("Bearer wrong")).toBe(401);
      expect(await statusWith(basic("s3cret", "wrong"))).toBe(401);
      expect(await statusWith("s3cret")).toBe(401);
    } finally {
      await strict.close();
    }
  });

  it("answers 400 to malformed JSON, naming the problem", async () => {
    const reply = await call(emulator, "POST", "organization", {
      rawBody: '{"name": "Acme"',
    });
    expect(reply.status).toBe(400);
    expect(errorText(reply)).toMatch(/not valid JSON/);
  });

  it("answers 415 to a body that is not sent as JSON", async () => {
    const reply = await call(emulator, "POST", "organization", {
      rawBody: "name=Acme",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(reply.status).toBe(415);
    errorBody(reply);
  });

  it("answers 400 to a missing body or a body that is not an object", async () => {
    const missing = await call(emulator, "POST", "organization");
    expect(missing.status).toBe(400);
    expect(errorText(missing)).toMatch(/body is required/);
    const list = await call(emulator, "POST", "organization", {
      body: ["Acme"],
    });
    expect(list.status).toBe(400);
    expect(errorText(list)).toMatch(/must be a JSON object/);
  });

  it("validates body types strictly, naming the property", async () => {
    const cases: [string, string, unknown, string][] = [
      ["POST", "organization", { name: 42 }, "name"],
      ["POST", "organization", { name: "  " }, "name"],
      ["POST", "organization/details", { name: "X", type: "TEXT" }, "type"],
      [
        "POST",
        "organization/details",
        { name: "X", type: { name: "SELECT", options: [1] } },
        "type.options[0]",
      ],
      [
        "PUT",
        "organization/1/details?fieldName=Region",
        { values: "EU" },
        "values",
      ],
      ["PUT", "organization/1/details?fieldName=Region", {}, "values"],
      [
        "POST",
        "organization/fetch",
        { organizationIds: [1] },
        "organizationIds[0]",
      ],
      [
        "POST",
        "organization/profile",
        { name: "P", details: [{ name: "Region", values: [true] }] },
        "details[0].values[0]",
      ],
      [
        "POST",
        "organization/profile",
        { name: "P", associateProducts: { productIds: "x" } },
        "associateProducts.productIds",
      ],
      ["POST", "organization/1/entitlement", { productId: null }, "productId"],
    ];
    for (const [method, path, body, property] of cases) {
      const reply = await call(emulator, method, path, { body });
      expect(reply.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(
        400,
      );
      expect(errorProperties(reply)).toEqual([property]);
    }
  });

  it("answers 404 to unknown routes and 405 to known paths with another method", async () => {
    const unknown = await call(emulator, "GET", "organisation/1");
    expect(unknown.status).toBe(404);
    errorBody(unknown);
    const outside = await fetch(`${emulator.origin}/rest/api/3/myself`, {
      headers: { Authorization: "Bearer test" },
    });
    expect(outside.status).toBe(404);
    const list = await call(emulator, "GET", "organization");
    expect(list.status).toBe(405);
    expect(list.headers.get("allow")).toBe("POST");
    const patch = await call(emulator, "PATCH", "organization/1", { body: {} });
    expect(patch.status).toBe(405);
    expect(patch.headers.get("allow")).toBe("GET, PUT, DELETE");
  });

  it("serves any cloud id from the one state", async () => {
    const other = emulator.baseUrl.replace(emulator.cloudId, "another-cloud");
    const reply = await fetch(`${other}organization/1`, {
      headers: { Authorization: "Bearer test" },
    });
    expect(reply.status).toBe(200);
    expect(((await reply.json()) as { name: string }).name).toBe("Atlassian");
    expect(emulator.baseUrl).toMatch(/\/jsm\/csm\/cloudid\/[^/]+\/api\/v1\/$/);
  });

  it("serves the site's cloud id at /_edge/tenant_info without auth", async () => {
    const reply = await fetch(`${emulator.origin}/_edge/tenant_info`);
    expect(reply.status).toBe(200);
    expect(await reply.json()).toEqual({ cloudId: emulator.cloudId });
  });

  it("answers every write 403 when read-only, and still serves reads and fetches", async () => {
    emulator.control.configure({ readOnly: true });
    try {
      for (const c of CALLS) {
        const reply = await call(emulator, c.method, c.path, {
          ...(c.body === undefined ? {} : { body: c.body }),
        });
        const isRead = c.method === "GET" || c.path.endsWith("fetch");
        expect(reply.status, `${c.method} ${c.path}`).toBe(isRead ? 200 : 403);
      }
      expect(emulator.control.state().organizations).toHaveLength(1);
    } finally {
      emulator.control.configure({ readOnly: false });
    }
  });
});
