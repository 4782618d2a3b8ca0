import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";

import type {
  EmulatorOptions,
  EmulatorSeed,
  SeedOrganization,
  RunningEmulator,
} from "../../src/emulator/index.js";
import { EmulatorSeedError } from "../../src/emulator/index.js";
import {
  type CallInit,
  type Reply,
  call,
  startTestEmulator,
} from "./helpers.js";

/**
 * The service desk API the emulator serves beside the CSM API, on the same state, written
 * from the last section of CSM-API.md. Every call goes over loopback HTTP.
 */

interface SdOrganization {
  readonly id: string;
  readonly name: string;
  readonly scimManaged?: boolean;
  readonly uuid?: string;
  readonly created?: { readonly iso8601: string; readonly epochMillis: number };
  readonly _links: { readonly self: string };
}

interface SdUser {
  readonly accountId: string;
  readonly displayName: string;
  readonly emailAddress?: string;
  readonly active: boolean;
}

interface SdPage<T> {
  readonly size: number;
  readonly start: number;
  readonly limit: number;
  readonly isLastPage: boolean;
  readonly values: T[];
  readonly _links: {
    readonly base: string;
    readonly context: string;
    readonly next?: string;
    readonly prev?: string;
  };
}

interface SdError {
  readonly errorMessage: string;
  readonly i18nErrorMessage: {
    readonly i18nKey: string;
    readonly parameters: unknown[];
  };
}

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const start = async (
  seed: EmulatorSeed = {},
  options: EmulatorOptions = {},
): Promise<RunningEmulator> =>
  (emulator = await startTestEmulator({ seed, ...options }));

/** A service desk API call (no experimental header: none is needed). */
const sd = <T = unknown>(
  e: RunningEmulator,
  method: string,
  path: string,
  init: CallInit = {},
): Promise<Reply<T>> =>
  call<T>(e, method, path, {
    experimental: false,
    ...init,
    api: "servicedesk",
  });

/** The service desk error envelope, asserted; returns its message. */
function sdError(reply: Reply): string {
  const body = reply.body as SdError;
  expect(Object.keys(body).sort()).toEqual([
    "errorMessage",
    "i18nErrorMessage",
  ]);
  expect(typeof body.i18nErrorMessage.i18nKey).toBe("string");
  expect(Array.isArray(body.i18nErrorMessage.parameters)).toBe(true);
  return body.errorMessage;
}

const named = (count: number): SeedOrganization[] =>
  Array.from({ length: count }, (_, i) => ({
    name: `Org ${String(i + 1).padStart(3, "0")}`,
  }));

/** Reads every page as a client must: advance `start` by `size` until `isLastPage`. */
async function readAll<T>(
  e: RunningEmulator,
  path: string,
  limit: number,
): Promise<{ values: T[]; pages: SdPage<T>[] }> {
  const pages: SdPage<T>[] = [];
  let start = 0;
  for (;;) {
    const reply = await sd<SdPage<T>>(
      e,
      "GET",
      `${path}?start=${start}&limit=${limit}`,
    );
    expect(reply.status).toBe(200);
    pages.push(reply.body);
    if (reply.body.isLastPage) break;
    start += reply.body.size;
    expect(pages.length).toBeLessThan(100);
  }
  return { values: pages.flatMap((page) => page.values), pages };
}

describe("organization list: paging", () => {
  it("lists 120 organizations in pages clamped to the page limit; start advances by size", async () => {
    const e = await start(
      { organizations: named(120) },
      { serviceDeskPageLimit: 25 },
    );
    const { values, pages } = await readAll<SdOrganization>(
      e,
      "organization",
      100,
    );
    expect(values.map((o) => o.id)).toEqual(
      Array.from({ length: 120 }, (_, i) => String(i + 1)),
    );
    expect(pages.map((p) => [p.start, p.size, p.limit, p.isLastPage])).toEqual([
      [0, 25, 25, false],
      [25, 25, 25, false],
      [50, 25, 25, false],
      [75, 25, 25, false],
      [100, 20, 25, true],
    ]);
    const base = e.serviceDeskBaseUrl.replace(/\/$/, "");
    expect(pages[0]!._links).toEqual({
      base,
      context: "",
      next: `${base}/organization?start=25&limit=25`,
    });
    expect(pages[4]!._links.next).toBeUndefined();
    expect(pages[4]!._links.prev).toBe(
      `${base}/organization?start=75&limit=25`,
    );
    expect(values[0]).toEqual({
      id: "1",
      name: "Org 001",
      _links: { self: `${base}/organization/1` },
    });
    const log = e.control.requests();
    expect(log).toHaveLength(5);
    expect(log.every((entry) => entry.api === "servicedesk")).toBe(true);
    expect(log.every((entry) => !entry.write)).toBe(true);
  });

  it("defaults limit to 50 and clamps it to the emulator's maximum (50 unless set)", async () => {
    const e = await start({ organizations: named(120) });
    const first = await sd<SdPage<SdOrganization>>(e, "GET", "organization");
    expect([first.body.size, first.body.limit, first.body.isLastPage]).toEqual([
      50,
      50,
      false,
    ]);
    const big = await sd<SdPage<SdOrganization>>(
      e,
      "GET",
      "organization?start=100&limit=1000",
    );
    expect([big.body.size, big.body.limit, big.body.isLastPage]).toEqual([
      20,
      50,
      true,
    ]);
    e.control.configure({ serviceDeskPageLimit: 7 });
    const small = await sd<SdPage<SdOrganization>>(e, "GET", "organization");
    expect([small.body.size, small.body.limit]).toEqual([7, 7]);
    const past = await sd<SdPage<SdOrganization>>(
      e,
      "GET",
      "organization?start=500",
    );
    expect([past.body.size, past.body.isLastPage]).toEqual([0, true]);
    const bad = await sd(e, "GET", "organization?start=-1");
    expect(bad.status).toBe(400);
    expect(sdError(bad)).toMatch(/start must be a whole number/);
  });

  it("answers scimManaged for organizations seeded with it, and uuid and created for new ones", async () => {
    const e = await start({
      organizations: [
        { name: "Scim Co", scimManaged: true },
        { name: "Plain" },
        {
          name: "Dated",
          uuid: "9b1d3c1e-0000-4000-8000-000000000001",
          created: "2025-03-01T10:00:00.000Z",
        },
      ],
    });
    await call(e, "POST", "organization", { body: { name: "Via CSM" } });
    const { body } = await sd<SdPage<SdOrganization>>(e, "GET", "organization");
    const [scim, plain, dated, viaCsm] = body.values;
    expect(scim).toMatchObject({ name: "Scim Co", scimManaged: true });
    expect(Object.keys(plain!).sort()).toEqual(["_links", "id", "name"]);
    expect(dated!.uuid).toBe("9b1d3c1e-0000-4000-8000-000000000001");
    expect(dated!.created).toMatchObject({
      iso8601: "2025-03-01T10:00:00+0000",
      epochMillis: Date.parse("2025-03-01T10:00:00.000Z"),
    });
    expect(viaCsm!.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof viaCsm!.created?.epochMillis).toBe("number");
  });
});

describe("organization create, get, delete", () => {
  it("creates with 201; a taken name answers the existing organization, never a duplicate", async () => {
    const e = await start({ organizations: [{ name: "Acme" }] });
    const created = await sd<SdOrganization>(e, "POST", "organization", {
      body: { name: "Globex" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: "2", name: "Globex" });
    const again = await sd<SdOrganization>(e, "POST", "organization", {
      body: { name: " acme " },
    });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: "1", name: "Acme" });
    e.control.configure({ dialect: "lenient" });
    const lenient = await sd<SdOrganization>(e, "POST", "organization", {
      body: { name: "GLOBEX" },
    });
    expect(lenient.status).toBe(200);
    expect(lenient.body).toMatchObject({ id: "2", name: "Globex" });
    expect(e.control.state().organizations.map((o) => o.name)).toEqual([
      "Acme",
      "Globex",
    ]);
  });

  it("takes names of 1 to 200 characters", async () => {
    const e = await start();
    const long = await sd(e, "POST", "organization", {
      body: { name: "x".repeat(201) },
    });
    expect(long.status).toBe(400);
    expect(sdError(long)).toMatch(/name: must be at most 200 characters/);
    const blank = await sd(e, "POST", "organization", { body: { name: " " } });
    expect(blank.status).toBe(400);
    const longest = await sd(e, "POST", "organization", {
      body: { name: "y".repeat(200) },
    });
    expect(longest.status).toBe(201);
    expect(e.control.state().organizations).toHaveLength(1);
  });

  it("gets one organization (404 if none) and deletes it (204), for both APIs", async () => {
    const e = await start({ organizations: [{ name: "Acme" }] });
    const one = await sd<SdOrganization>(e, "GET", "organization/1");
    expect(one.status).toBe(200);
    expect(one.body.name).toBe("Acme");
    const missing = await sd(e, "GET", "organization/99");
    expect(missing.status).toBe(404);
    expect(sdError(missing)).toMatch(/No organization with id "99"/);
    expect((await sd(e, "DELETE", "organization/1")).status).toBe(204);
    expect((await sd(e, "GET", "organization/1")).status).toBe(404);
    expect((await call(e, "GET", "organization/1")).status).toBe(404);
    expect((await sd(e, "DELETE", "organization/1")).status).toBe(404);
  });
});

describe("organization users", () => {
  const seed: EmulatorSeed = {
    customers: [
      { accountId: "qm:b", displayName: "Bea", emailAddress: "bea@x.test" },
      { accountId: "5b10ac8d82e05b22cc7d4ef5", displayName: "Ana" },
      { accountId: "qm:c" },
    ],
    organizations: [{ name: "Acme", customers: ["qm:old"] }],
  };

  const members = async (e: RunningEmulator): Promise<string[]> =>
    (await sd<SdPage<SdUser>>(e, "GET", "organization/1/user")).body.values.map(
      (user) => user.accountId,
    );
  const profileCustomers = async (e: RunningEmulator): Promise<string[]> =>
    (
      await call<{ customers: { id: string }[] }>(
        e,
        "GET",
        "organization/profile/1",
      )
    ).body.customers.map((customer) => customer.id);

  it("adds users (204), lists them ordered by accountId, and the CSM profile shows them", async () => {
    const e = await start(seed);
    const added = await sd(e, "POST", "organization/1/user", {
      body: { accountIds: ["qm:b", "5b10ac8d82e05b22cc7d4ef5"] },
    });
    expect(added.status).toBe(204);
    expect(added.body).toBeUndefined();
    const list = await sd<SdPage<SdUser>>(e, "GET", "organization/1/user");
    expect(list.body.values).toEqual([
      {
        accountId: "5b10ac8d82e05b22cc7d4ef5",
        displayName: "Ana",
        active: true,
      },
      {
        accountId: "qm:b",
        displayName: "Bea",
        emailAddress: "bea@x.test",
        active: true,
      },
      // A seeded member outside the directory is known by its id.
      { accountId: "qm:old", displayName: "qm:old", active: true },
    ]);
    expect(await profileCustomers(e)).toEqual([
      "qm:old",
      "qm:b",
      "5b10ac8d82e05b22cc7d4ef5",
    ]);
    // Adding a member again changes nothing.
    await sd(e, "POST", "organization/1/user", {
      body: { accountIds: ["qm:b"] },
    });
    expect(await members(e)).toHaveLength(3);
  });

  it("refuses an unknown account id with 400 naming it, and then adds none", async () => {
    const e = await start(seed);
    const reply = await sd(e, "POST", "organization/1/user", {
      body: { accountIds: ["qm:c", "qm:nobody"] },
    });
    expect(reply.status).toBe(400);
    expect(sdError(reply)).toMatch(/"qm:nobody"/);
    expect(sdError(reply)).not.toMatch(/"qm:c"/);
    expect(await members(e)).toEqual(["qm:old"]);
    expect(await profileCustomers(e)).toEqual(["qm:old"]);
    const notArray = await sd(e, "POST", "organization/1/user", {
      body: { accountIds: "qm:c" },
    });
    expect(notArray.status).toBe(400);
    expect(
      (await sd(e, "POST", "organization/9/user", { body: { accountIds: [] } }))
        .status,
    ).toBe(404);
  });

  it("removes users with a DELETE carrying a JSON body; an unknown id removes none", async () => {
    const e = await start(seed);
    await sd(e, "POST", "organization/1/user", {
      body: { accountIds: ["qm:b", "qm:c"] },
    });
    const refused = await sd(e, "DELETE", "organization/1/user", {
      body: { accountIds: ["qm:b", "qm:ghost"] },
    });
    expect(refused.status).toBe(400);
    expect(sdError(refused)).toMatch(/"qm:ghost"/);
    expect(await members(e)).toEqual(["qm:b", "qm:c", "qm:old"]);
    const removed = await sd(e, "DELETE", "organization/1/user", {
      body: { accountIds: ["qm:b", "qm:old"] },
    });
    expect(removed.status).toBe(204);
    expect(await members(e)).toEqual(["qm:c"]);
    expect(await profileCustomers(e)).toEqual(["qm:c"]);
    // The accounts stay in the directory: they can be added back.
    await sd(e, "POST", "organization/1/user", {
      body: { accountIds: ["qm:old"] },
    });
    expect(await members(e)).toEqual(["qm:c", "qm:old"]);
  });

  it("pages users like organizations", async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `qm:${i + 10}`);
    const e = await start(
      { organizations: [{ name: "Big", customers: [...ids].reverse() }] },
      { serviceDeskPageLimit: 5 },
    );
    const { values, pages } = await readAll<SdUser>(
      e,
      "organization/1/user",
      50,
    );
    expect(values.map((user) => user.accountId)).toEqual(ids);
    expect(pages.map((page) => page.size)).toEqual([5, 5, 2]);
  });
});

describe("one state for both APIs", () => {
  it("shows organizations created through either API in both, with the same ids", async () => {
    const e = await start({ customers: [{ accountId: "qm:1" }] });
    const viaCsm = await call<{ id: string }>(e, "POST", "organization", {
      body: { name: "Via CSM" },
    });
    const viaSd = await sd<SdOrganization>(e, "POST", "organization", {
      body: { name: "Via SD" },
    });
    const listed = await sd<SdPage<SdOrganization>>(e, "GET", "organization");
    expect(listed.body.values.map((o) => [o.id, o.name])).toEqual([
      [viaCsm.body.id, "Via CSM"],
      [viaSd.body.id, "Via SD"],
    ]);
    const fetched = await call<{ organizations: { id: string }[] }>(
      e,
      "POST",
      "organization/fetch",
      { body: { organizationNames: ["via sd"] } },
    );
    expect(fetched.body.organizations).toEqual([
      { id: viaSd.body.id, name: "Via SD" },
    ]);
    // A profile created with customers: they are members, and known to the directory.
    const profile = await call<{ id: string }>(
      e,
      "POST",
      "organization/profile",
      {
        body: {
          name: "Profiled",
          associateCustomers: { customerIds: ["qm:new"] },
        },
      },
    );
    const users = await sd<SdPage<SdUser>>(
      e,
      "GET",
      `organization/${profile.body.id}/user`,
    );
    expect(users.body.values.map((u) => u.accountId)).toEqual(["qm:new"]);
    const addKnown = await sd(
      e,
      "POST",
      `organization/${viaCsm.body.id}/user`,
      {
        body: { accountIds: ["qm:new", "qm:1"] },
      },
    );
    expect(addKnown.status).toBe(204);
    // A rename through the CSM API is what the service desk API answers.
    await call(e, "PUT", `organization/${viaSd.body.id}`, {
      body: { name: "Renamed" },
    });
    const renamed = await sd<SdOrganization>(
      e,
      "GET",
      `organization/${viaSd.body.id}`,
    );
    expect(renamed.body.name).toBe("Renamed");
    const log = e.control.requests();
    expect(log.filter((r) => r.api === "csm")).toHaveLength(4);
    expect(log.filter((r) => r.api === "servicedesk")).toHaveLength(5);
  });
});

describe("service desks and their organizations", () => {
  const seed: EmulatorSeed = {
    organizations: [{ name: "Acme" }, { name: "Globex" }, { name: "Initech" }],
    serviceDesks: [
      { id: "1", key: "SUP", name: "Support", organizations: ["Acme"] },
      { key: "HR" },
    ],
  };
  const linked = async (e: RunningEmulator, desk: string): Promise<string[]> =>
    (
      await sd<SdPage<SdOrganization>>(
        e,
        "GET",
        `servicedesk/${desk}/organization`,
      )
    ).body.values.map((o) => o.name);

  it("lists by id or key, adds and removes with a numeric organizationId, idempotently", async () => {
    const e = await start(seed);
    expect(await linked(e, "SUP")).toEqual(["Acme"]);
    expect(await linked(e, "1")).toEqual(["Acme"]);
    expect(await linked(e, "2")).toEqual([]);
    for (let i = 0; i < 2; i++) {
      const added = await sd(e, "POST", "servicedesk/SUP/organization", {
        body: { organizationId: 3 },
      });
      expect(added.status).toBe(204);
    }
    expect(await linked(e, "SUP")).toEqual(["Acme", "Initech"]);
    for (let i = 0; i < 2; i++) {
      const removed = await sd(e, "DELETE", "servicedesk/1/organization", {
        body: { organizationId: 1 },
      });
      expect(removed.status).toBe(204);
    }
    expect(await linked(e, "SUP")).toEqual(["Initech"]);
    expect(e.control.state().serviceDesks).toEqual([
      { id: "1", key: "SUP", name: "Support", organizations: ["3"] },
      { id: "2", key: "HR", name: "HR", organizations: [] },
    ]);
  });

  it("refuses a string organizationId in the strict dialect; the lenient one takes digits", async () => {
    const e = await start(seed);
    const strict = await sd(e, "POST", "servicedesk/SUP/organization", {
      body: { organizationId: "2" },
    });
    expect(strict.status).toBe(400);
    expect(sdError(strict)).toMatch(/organizationId: must be a whole number/);
    expect(await linked(e, "SUP")).toEqual(["Acme"]);
    e.control.configure({ dialect: "lenient" });
    const lenient = await sd(e, "POST", "servicedesk/SUP/organization", {
      body: { organizationId: "2" },
    });
    expect(lenient.status).toBe(204);
    expect(await linked(e, "SUP")).toEqual(["Acme", "Globex"]);
    const word = await sd(e, "POST", "servicedesk/SUP/organization", {
      body: { organizationId: "two" },
    });
    expect(word.status).toBe(400);
  });

  it("answers 404 for an unknown service desk or organization; a deleted organization leaves", async () => {
    const e = await start(seed);
    const desk = await sd(e, "GET", "servicedesk/NOPE/organization");
    expect(desk.status).toBe(404);
    expect(sdError(desk)).toMatch(/No service desk with id or key "NOPE"/);
    expect(
      (
        await sd(e, "POST", "servicedesk/99/organization", {
          body: { organizationId: 1 },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await sd(e, "POST", "servicedesk/SUP/organization", {
          body: { organizationId: 42 },
        })
      ).status,
    ).toBe(404);
    await call(e, "DELETE", "organization/1");
    expect(await linked(e, "SUP")).toEqual([]);
  });
});

describe("a caller who is not an agent", () => {
  it("sees an empty organization list, not an error, and is refused everything else", async () => {
    const e = await start(
      { organizations: named(3), serviceDesks: [{ key: "SUP" }] },
      { serviceDeskAgent: false },
    );
    const list = await sd<SdPage<SdOrganization>>(e, "GET", "organization");
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ size: 0, isLastPage: true, values: [] });
    const create = await sd(e, "POST", "organization", { body: { name: "X" } });
    expect(create.status).toBe(403);
    expect(sdError(create)).toMatch(/not an agent/);
    expect((await sd(e, "GET", "servicedesk/SUP/organization")).status).toBe(
      403,
    );
    // The CSM API still finds the organizations: that is how a client can tell.
    expect((await call(e, "GET", "organization/1")).status).toBe(200);
    e.control.configure({ serviceDeskAgent: true });
    expect(
      (await sd<SdPage<SdOrganization>>(e, "GET", "organization")).body.size,
    ).toBe(3);
  });
});

describe("auth, faults and rate limits", () => {
  it("gives the service desk API a rate-limit bucket of its own", async () => {
    const e = await start({}, { rateLimit: { rps: 0.01, burst: 2 } });
    const csm = async (): Promise<number> =>
      (await call(e, "GET", "organization/details")).status;
    const desk = async (): Promise<number> =>
      (await sd(e, "GET", "organization")).status;
    expect([await csm(), await csm(), await csm()]).toEqual([200, 200, 429]);
    // CSM traffic has emptied the CSM bucket only.
    expect([await desk(), await desk()]).toEqual([200, 200]);
    const limited = await sd(e, "GET", "organization");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    sdError(limited);
    const log = e.control.requests();
    const statuses = (api: string): number[] =>
      log.filter((r) => r.api === api).map((r) => r.status);
    expect(statuses("csm")).toEqual([200, 200, 429]);
    expect(statuses("servicedesk")).toEqual([200, 200, 429]);
  });

  it("needs auth (401 in its own envelope) and takes injected faults", async () => {
    const e = await start(
      { organizations: [{ name: "Acme" }] },
      {
        token: "secret",
      },
    );
    const anonymous = await sd(e, "GET", "organization", { auth: false });
    expect(anonymous.status).toBe(401);
    sdError(anonymous);
    const good = await sd(e, "GET", "organization", {
      auth: false,
      headers: { Authorization: "Bearer secret" },
    });
    expect(good.status).toBe(200);
    e.control.configure({
      faults: {
        rate: 0,
        kinds: ["done-500"],
        count: 1,
        pathIncludes: "/servicedeskapi/",
      },
    });
    const faulted = await sd(e, "POST", "organization", {
      auth: false,
      headers: { Authorization: "Bearer secret" },
      body: { name: "Globex" },
    });
    expect(faulted.status).toBe(500);
    // done-500: the organization was created all the same.
    expect(e.control.state().organizations.map((o) => o.name)).toEqual([
      "Acme",
      "Globex",
    ]);
    expect(e.control.requests().at(-1)).toMatchObject({
      api: "servicedesk",
      fault: "done-500",
      write: true,
    });
    e.control.configure({ readOnly: true });
    const readOnly = await sd(e, "DELETE", "organization/1", {
      auth: false,
      headers: { Authorization: "Bearer secret" },
    });
    expect(readOnly.status).toBe(403);
    expect(e.control.state().organizations).toHaveLength(2);
  });

  it("answers 404 and 405 for calls it does not have", async () => {
    const e = await start();
    expect((await sd(e, "GET", "customer")).status).toBe(404);
    const method = await sd(e, "PUT", "organization");
    expect(method.status).toBe(405);
    expect(method.headers.get("allow")).toBe("GET, POST");
  });
});

describe("seed and snapshot", () => {
  it("loads the seed docs/emulator.md shows", async () => {
    const doc = await readFile(
      new URL("../../docs/emulator.md", import.meta.url),
      "utf8",
    );
    const section = doc.slice(doc.indexOf("## Seed and state format"));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    const e = await start(parseYaml(yaml ?? "") as EmulatorSeed);
    expect(e.control.state().serviceDesks?.map((d) => d.key)).toEqual([
      "SUP",
      "HR",
    ]);
    const linked = await sd<SdPage<SdOrganization>>(
      e,
      "GET",
      "servicedesk/SUP/organization",
    );
    expect(linked.body.values.map((o) => o.name)).toEqual(["Acme Corp"]);
    const globex = await sd<SdOrganization>(e, "GET", "organization/2");
    expect(globex.body).toMatchObject({ scimManaged: true });
    const added = await sd(e, "POST", "organization/2/user", {
      body: { accountIds: ["5b10ac8d82e05b22cc7d4ef5", "qm:…"] },
    });
    expect(added.status).toBe(204);
  });

  it("snapshots customers and service desks so a snapshot re-seeds the same state", async () => {
    const e = await start({
      customers: [{ accountId: "qm:a", displayName: "A" }],
      organizations: [
        { name: "Acme", customers: ["qm:m"], scimManaged: false },
      ],
      serviceDesks: [{ key: "SUP", organizations: ["1"] }],
    });
    await sd(e, "POST", "organization", { body: { name: "New" } });
    await sd(e, "POST", "organization/2/user", {
      body: { accountIds: ["qm:a"] },
    });
    const snapshot = e.control.state();
    expect(snapshot.customers).toEqual([
      { accountId: "qm:a", displayName: "A" },
      { accountId: "qm:m" },
    ]);
    expect(snapshot.organizations[0]).toMatchObject({ scimManaged: false });
    expect(snapshot.organizations[1]).toMatchObject({
      customers: ["qm:a"],
      uuid: expect.any(String) as string,
      created: expect.any(String) as string,
    });
    const copy = await startTestEmulator({ seed: snapshot });
    try {
      expect(copy.control.state()).toEqual(snapshot);
    } finally {
      await copy.close();
    }
  });

  it("persists service desk writes before answering them, and restarts from them", async () => {
    const dir = await mkdtemp(join(tmpdir(), "orgsync-servicedesk-"));
    try {
      const stateFile = join(dir, "site.json");
      const first = await start(
        { serviceDesks: [{ key: "SUP" }] },
        { stateFile, persist: true },
      );
      await sd(first, "POST", "organization", { body: { name: "Acme" } });
      await sd(first, "POST", "servicedesk/SUP/organization", {
        body: { organizationId: 1 },
      });
      await call(first, "POST", "organization/profile", {
        body: { name: "Globex", associateCustomers: { customerIds: ["qm:g"] } },
      });
      await sd(first, "POST", "organization/1/user", {
        body: { accountIds: ["qm:g"] },
      });
      const onDisk = JSON.parse(await readFile(stateFile, "utf8")) as {
        organizations: { customers: string[] }[];
        serviceDesks: { organizations: string[] }[];
      };
      expect(onDisk.organizations[0]!.customers).toEqual(["qm:g"]);
      expect(onDisk.serviceDesks[0]!.organizations).toEqual(["1"]);
      const state = first.control.state();
      await first.close();
      const second = await startTestEmulator({ stateFile, persist: true });
      try {
        expect(second.control.state()).toEqual(state);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("reports broken service desk and customer seeds with where they are", async () => {
    const cases: [EmulatorSeed, RegExp][] = [
      [
        { serviceDesks: [{ key: "SUP", organizations: ["Nope"] }] },
        /\/serviceDesks\/0: organizations lists "Nope"/,
      ],
      [
        { serviceDesks: [{ key: "SUP" }, { key: "sup" }] },
        /\/serviceDesks\/1: Duplicate service desk key "sup"/,
      ],
      [
        { customers: [{ accountId: "qm:1" }, { accountId: "qm:1" }] },
        /\/customers\/1: accountId "qm:1" is listed twice/,
      ],
      [
        { serviceDesks: [{ id: "SUP", key: "SUP" }] },
        /\/serviceDesks\/0\/id must match pattern/,
      ],
    ];
    for (const [seed, message] of cases) {
      const failure = await startTestEmulator({ seed }).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(EmulatorSeedError);
      expect((failure as Error).message).toMatch(message);
    }
  });
});
