import { afterEach, describe, expect, it } from "vitest";

import { createServiceDeskClient } from "../../src/api/create-servicedesk-client.js";
import {
  ApiError,
  ApiRequestError,
  ResponseShapeError,
} from "../../src/api/index.js";
import { startScriptedServer, type Script } from "./helpers/scripted-server.js";

/*
 * The service desk client against answers the emulator never gives (numeric ids, a page that
 * makes no progress), over real HTTP. Paging, users and the gate against the emulator are in
 * test/api/servicedesk-emulator.test.ts.
 */

let server: Awaited<ReturnType<typeof startScriptedServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(scripts: readonly Script[], maxAttempts = 1) {
  server = await startScriptedServer(scripts);
  return createServiceDeskClient({
    baseUrl: server.baseUrl,
    auth: { kind: "basic", email: "a@example.com", apiToken: "tok-0123456789" },
    retry: { maxAttempts, baseDelayMs: 1, maxDelayMs: 1 },
  });
}

const seen = () =>
  server!.seen.map((r) => `${r.method} ${r.url.replace("/api/v1/", "")}`);

describe("createServiceDeskClient", () => {
  it("reads an id that comes as a JSON number as its digits, and keeps only what orgsync reads", async () => {
    const client = await clientFor([
      {
        status: 200,
        body: {
          size: 2,
          start: 0,
          limit: 50,
          isLastPage: true,
          values: [
            { id: 10234, name: "Acme", _links: { self: "x" } },
            { id: "7", name: "Beta", scimManaged: true, uuid: "u" },
          ],
          _links: { base: "b", context: "" },
        },
      },
    ]);
    expect(await client.listOrganizations()).toEqual([
      { id: "10234", name: "Acme" },
      { id: "7", name: "Beta", scimManaged: true },
    ]);
    expect(seen()).toEqual(["GET organization?start=0&limit=50"]);
  });

  it("advances start by size, not by the limit asked for", async () => {
    const client = await clientFor([
      {
        status: 200,
        body: {
          size: 2,
          isLastPage: false,
          values: [{ accountId: "qm:a" }, { accountId: "qm:b" }],
        },
      },
      {
        status: 200,
        body: {
          size: 1,
          isLastPage: true,
          values: [{ accountId: "5b10", displayName: null, active: true }],
        },
      },
    ]);
    expect(await client.listOrganizationUsers("12")).toEqual([
      { accountId: "qm:a" },
      { accountId: "qm:b" },
      { accountId: "5b10", active: true },
    ]);
    expect(seen()).toEqual([
      "GET organization/12/user?start=0&limit=50",
      "GET organization/12/user?start=2&limit=50",
    ]);
  });

  it("stops on a page that is not the last and moves nothing on", async () => {
    const client = await clientFor([
      { status: 200, body: { size: 0, isLastPage: false, values: [] } },
    ]);
    await expect(client.listOrganizations()).rejects.toThrow(
      ResponseShapeError,
    );
    expect(server!.seen).toHaveLength(1);
  });

  it.each([
    ["says it starts elsewhere", { start: 0 }],
    ["holds an organization already read", {}],
  ])(
    "stops at a page that %s (a server that ignores start)",
    async (_, start) => {
      const page = {
        size: 2,
        ...start,
        isLastPage: false,
        values: [
          { id: "1", name: "A" },
          { id: "2", name: "B" },
        ],
      };
      const client = await clientFor([{ status: 200, body: page }]);
      await expect(client.listOrganizations()).rejects.toThrow(
        ResponseShapeError,
      );
      expect(seen()).toEqual([
        "GET organization?start=0&limit=50",
        "GET organization?start=2&limit=50",
      ]);
    },
  );

  it("refuses an answer without the ids it reads", async () => {
    const client = await clientFor([
      { status: 200, body: { isLastPage: true, values: [{ name: "No id" }] } },
    ]);
    await expect(client.listOrganizations()).rejects.toThrow(/\/values\/0\/id/);
  });

  it("refuses an organization id that is not digits", async () => {
    const client = await clientFor([
      {
        status: 200,
        body: { isLastPage: true, values: [{ id: "org-1", name: "A" }] },
      },
    ]);
    await expect(client.listOrganizations()).rejects.toThrow(/\/values\/0\/id/);
  });

  it("answers undefined for an organization the site does not have", async () => {
    const client = await clientFor([
      { status: 404, body: { errorMessage: "Organization does not exist" } },
    ]);
    expect(await client.getOrganization("99")).toBe(undefined);
  });

  it("reads the service desk's error body", async () => {
    const client = await clientFor([
      {
        status: 400,
        body: {
          errorMessage: "The account ID qm:x is not valid",
          i18nErrorMessage: {
            i18nKey: "sd.invalid.account",
            parameters: ["qm:x"],
          },
        },
      },
    ]);
    const error = await client
      .addOrganizationUsers("1", ["qm:x"])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).messages).toEqual([
      "The account ID qm:x is not valid",
    ]);
  });

  it("sends the organization id to a service desk as a JSON number, the key encoded in the path", async () => {
    const client = await clientFor([{ status: 204 }]);
    await client.addServiceDeskOrganization("S/P", "42");
    await client.removeServiceDeskOrganization("12", "42");
    expect(seen()).toEqual([
      "POST servicedesk/S%2FP/organization",
      "DELETE servicedesk/12/organization",
    ]);
    expect(server!.seen.map((r) => r.body)).toEqual([
      '{"organizationId":42}',
      '{"organizationId":42}',
    ]);
    await expect(
      client.addServiceDeskOrganization("SUP", "abc"),
    ).rejects.toThrow(ApiRequestError);
  });

  it("sends account ids in the body, at most 50 a call, and makes no call for none", async () => {
    const client = await clientFor([{ status: 204 }]);
    await client.addOrganizationUsers("3", []);
    expect(server!.seen).toHaveLength(0);
    await client.removeOrganizationUsers("3", ["qm:a/b", "5b10"]);
    expect(seen()).toEqual(["DELETE organization/3/user"]);
    expect(server!.seen[0]!.body).toBe('{"accountIds":["qm:a/b","5b10"]}');
    const many = Array.from({ length: 51 }, (_, i) => `qm:${i}`);
    await expect(client.addOrganizationUsers("3", many)).rejects.toThrow(
      /at most 50 account ids, not 51/,
    );
    expect(server!.seen).toHaveLength(1);
  });
});
