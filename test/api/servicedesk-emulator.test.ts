/**
 * The service desk client against the real emulator over loopback HTTP: paging to the end,
 * organization users, service desk links, and a rate-limit gate of its own.
 */
import { afterEach, describe, expect, it } from "vitest";

import { createServiceDeskClient } from "../../src/api/create-servicedesk-client.js";
import { ApiError, createClient } from "../../src/api/index.js";
import {
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from "../../src/emulator/index.js";
import { fakeClock } from "./helpers/fake-clock.js";

const TOKEN = "sd-test-token-0123456789";
const auth = { kind: "bearer", token: TOKEN } as const;

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function start(options: EmulatorOptions) {
  emu = await startEmulator({ quiet: true, token: TOKEN, ...options });
  const client = createServiceDeskClient({
    baseUrl: emu.serviceDeskBaseUrl,
    auth,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
  return { emu, client };
}

/** The service desk requests the emulator saw, relative to its root. */
const sdCalls = (e: RunningEmulator): string[] =>
  e.control
    .requests()
    .filter((r) => r.api === "servicedesk")
    .map((r) => `${r.method} ${r.path.replace(/^.*\/servicedeskapi\//, "")}`);

describe("createServiceDeskClient against the emulator", () => {
  it("reads every page of 120 organizations, advancing start by size, with the CSM ids", async () => {
    const organizations = Array.from({ length: 120 }, (_, i) => ({
      name: `Org ${String(i).padStart(3, "0")}`,
    }));
    const { emu: e, client } = await start({
      seed: { organizations },
      serviceDeskPageLimit: 50,
    });
    const listed = await client.listOrganizations();
    expect(listed.map((o) => o.name).sort()).toEqual(
      organizations.map((o) => o.name),
    );
    expect(sdCalls(e)).toEqual([
      "GET organization?start=0&limit=50",
      "GET organization?start=50&limit=50",
      "GET organization?start=100&limit=50",
    ]);
    const csm = createClient({ baseUrl: e.baseUrl, auth });
    const [first] = await csm.fetchOrganizations({
      organizationNames: ["Org 007"],
    });
    expect(listed.find((o) => o.name === "Org 007")?.id).toBe(first!.id);
    expect(await client.getOrganization(first!.id)).toMatchObject({
      id: first!.id,
      name: "Org 007",
    });
    expect(await client.getOrganization("999999")).toBe(undefined);
  });

  it("advances by the page size the site clamps to, not by the limit asked for", async () => {
    const { emu: e, client } = await start({
      seed: {
        organizations: Array.from({ length: 5 }, (_, i) => ({ name: `O${i}` })),
      },
      serviceDeskPageLimit: 2,
    });
    expect(await client.listOrganizations()).toHaveLength(5);
    expect(sdCalls(e)).toEqual([
      "GET organization?start=0&limit=50",
      "GET organization?start=2&limit=50",
      "GET organization?start=4&limit=50",
    ]);
  });

  it("adds and removes organization users; an unknown account id adds none", async () => {
    const { client } = await start({
      seed: {
        organizations: [{ id: "10", name: "Acme" }],
        customers: [
          { accountId: "qm:aa/1", displayName: "Ann" },
          { accountId: "5b10ac8d82e05b22cc7d4ef5", emailAddress: "b@x.test" },
        ],
      },
    });
    await client.addOrganizationUsers("10", [
      "qm:aa/1",
      "5b10ac8d82e05b22cc7d4ef5",
    ]);
    const ids = async () =>
      (await client.listOrganizationUsers("10")).map((u) => u.accountId).sort();
    expect(await ids()).toEqual(["5b10ac8d82e05b22cc7d4ef5", "qm:aa/1"]);
    await client.removeOrganizationUsers("10", ["qm:aa/1"]);
    expect(await ids()).toEqual(["5b10ac8d82e05b22cc7d4ef5"]);

    const error = await client
      .addOrganizationUsers("10", ["qm:aa/1", "qm:nobody"])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).message).toContain("qm:nobody");
    expect(await ids()).toEqual(["5b10ac8d82e05b22cc7d4ef5"]);
  });

  it("links an organization to a service desk by key or id, idempotently, in the strict dialect", async () => {
    const { client } = await start({
      dialect: "strict",
      seed: {
        organizations: [{ id: "10", name: "Acme" }],
        serviceDesks: [{ id: "1", key: "SUP" }],
      },
    });
    await client.addServiceDeskOrganization("SUP", "10");
    await client.addServiceDeskOrganization("1", "10");
    expect(await client.listServiceDeskOrganizations("1")).toEqual([
      { id: "10", name: "Acme" },
    ]);
    await client.removeServiceDeskOrganization("SUP", "10");
    await client.removeServiceDeskOrganization("SUP", "10");
    expect(await client.listServiceDeskOrganizations("SUP")).toEqual([]);
  });

  it("lists nothing for a token that is not an agent", async () => {
    const { client } = await start({
      seed: { organizations: [{ name: "Acme" }] },
      serviceDeskAgent: false,
    });
    expect(await client.listOrganizations()).toEqual([]);
  });

  it("has a rate-limit gate of its own: a service desk 429 does not delay a CSM call", async () => {
    const clock = fakeClock();
    emu = await startEmulator({
      quiet: true,
      token: TOKEN,
      seed: { organizations: [{ name: "Acme" }] },
      rateLimit: { rps: 1, burst: 1 },
    });
    const timing = { now: clock.now, sleep: clock.sleep, random: () => 0.5 };
    const sd = createServiceDeskClient({
      baseUrl: emu.serviceDeskBaseUrl,
      auth,
      ...timing,
    });
    const csm = createClient({ baseUrl: emu.baseUrl, auth, ...timing });
    await sd.listOrganizations();
    // The service desk bucket is empty now (the answer said it was near its limit, so the
    // gate spaces the next start by 50 ms of the fake clock): the next call is answered 429,
    // and its gate then holds every service desk call until the Retry-After has passed.
    let listed = false;
    const second = sd.listOrganizations().then(() => (listed = true));
    await expect
      .poll(async () => {
        await clock.advance(60);
        return sdCalls(emu!).length;
      })
      .toBe(2);
    expect(emu.control.requests().at(-1)?.status).toBe(429);
    // The CSM call is not held by it: it is answered with the clock standing still.
    expect(await csm.listDetailFields()).toEqual([]);
    expect(listed).toBe(false);
    emu.control.configure({ rateLimit: null });
    await clock.advance(60_000);
    await second;
    expect(sdCalls(emu)).toHaveLength(3);
  });
});
