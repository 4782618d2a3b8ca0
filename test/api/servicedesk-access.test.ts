import { afterEach, describe, expect, it } from "vitest";

import { createServiceDeskClient } from "../../src/api/create-servicedesk-client.js";
import { readOnlyServiceDesk } from "../../src/api/read-only-client.js";
import {
  createServiceDeskAccess,
  ServiceDeskError,
} from "../../src/api/servicedesk-access.js";
import type { ServiceDeskClient } from "../../src/api/servicedesk-types.js";
import { startScriptedServer, type Script } from "./helpers/scripted-server.js";

const CSM = "http://127.0.0.1:9/jsm/csm/cloudid/c1/api/v1/";
const SD = "http://127.0.0.1:9/ex/jira/c1/rest/servicedeskapi/";

/** A client whose every method records its call and answers nothing. */
function fakeClient(calls: string[]): ServiceDeskClient {
  const record =
    (name: string) =>
    (...args: unknown[]): Promise<never[]> => {
      calls.push(`${name} ${JSON.stringify(args)}`);
      return Promise.resolve([]);
    };
  return {
    baseUrl: SD,
    listOrganizations: record("listOrganizations"),
    getOrganization: record("getOrganization") as never,
    listOrganizationUsers: record("listOrganizationUsers"),
    addOrganizationUsers: record("addOrganizationUsers") as never,
    removeOrganizationUsers: record("removeOrganizationUsers") as never,
    listServiceDeskOrganizations: record("listServiceDeskOrganizations"),
    addServiceDeskOrganization: record("addServiceDeskOrganization") as never,
    removeServiceDeskOrganization: record(
      "removeServiceDeskOrganization",
    ) as never,
  };
}

describe("createServiceDeskAccess", () => {
  it("builds nothing and calls nothing until a feature asks, then builds one client", async () => {
    const calls: string[] = [];
    let built = 0;
    const access = createServiceDeskAccess({
      baseUrl: SD,
      csmBaseUrl: CSM,
      connect: () => {
        built += 1;
        return fakeClient(calls);
      },
    });
    expect(access.baseUrl).toBe(SD);
    expect(built).toBe(0);
    const client = access.client("export --all");
    expect(built).toBe(1);
    expect(calls).toEqual([]);
    await client.listOrganizations();
    await access.client("--show-unmanaged").getOrganization("7");
    expect(built).toBe(1);
    expect(calls).toEqual(["listOrganizations []", 'getOrganization ["7"]']);
  });

  it("names the feature and the override when no root can be derived, and only when asked", () => {
    let built = 0;
    const access = createServiceDeskAccess({
      baseUrl: undefined,
      csmBaseUrl: "http://proxy.test/csm/",
      connect: () => {
        built += 1;
        return fakeClient([]);
      },
    });
    expect(access.baseUrl).toBe(undefined);
    let error: unknown;
    try {
      access.client("customers of existing organizations");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ServiceDeskError);
    const e = error as ServiceDeskError;
    expect(e.code).toBe("E_SERVICEDESK");
    expect(e.message).toBe(
      "customers of existing organizations needs the service desk API, and its root cannot be derived from the API root http://proxy.test/csm/",
    );
    expect(e.hint).toContain(
      "--servicedesk-base-url / ORGSYNC_SERVICEDESK_BASE_URL",
    );
    expect(e.hint).toContain("agent");
    expect(built).toBe(0);
  });

  it("the read-only view hands out clients without the write methods", async () => {
    const calls: string[] = [];
    const view = readOnlyServiceDesk(
      createServiceDeskAccess({
        baseUrl: SD,
        csmBaseUrl: CSM,
        connect: () => fakeClient(calls),
      }),
    );
    const reader = view.client("drift --show-unmanaged");
    expect(Object.keys(reader).sort()).toEqual([
      "baseUrl",
      "getOrganization",
      "listOrganizationUsers",
      "listOrganizations",
      "listServiceDeskOrganizations",
    ]);
    expect("addOrganizationUsers" in reader).toBe(false);
    expect(Object.isFrozen(reader)).toBe(true);
    await reader.listOrganizationUsers("3");
    expect(calls).toEqual(['listOrganizationUsers ["3"]']);
  });
});

describe("the access's errors over HTTP", () => {
  let server: Awaited<ReturnType<typeof startScriptedServer>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function accessFor(scripts: readonly Script[]) {
    server = await startScriptedServer(scripts);
    const root = server.baseUrl.replace("/api/v1/", "/rest/servicedeskapi/");
    return createServiceDeskAccess({
      baseUrl: root,
      csmBaseUrl: server.baseUrl,
      connect: (baseUrl) =>
        createServiceDeskClient({
          baseUrl,
          auth: { kind: "bearer", token: "sd-token-0123456789" },
          retry: { maxAttempts: 1 },
        }),
    });
  }

  const failure = async (run: Promise<unknown>): Promise<ServiceDeskError> => {
    const error = await run.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ServiceDeskError);
    return error as ServiceDeskError;
  };

  it("a 403 names the feature, the root and the agent permission", async () => {
    const access = await accessFor([
      {
        status: 403,
        body: {
          errorMessage: "You are not an agent",
          i18nErrorMessage: { i18nKey: "sd.agent.required", parameters: [] },
        },
      },
    ]);
    const e = await failure(access.client("export --all").listOrganizations());
    expect(e.status).toBe(403);
    expect(e.message).toContain(
      `export --all needs the service desk API, and the call to ${access.baseUrl!} failed:`,
    );
    expect(e.message).toContain("You are not an agent");
    expect(e.hint).toContain("agent");
    expect(e.hint).toContain("a Jira administrator's to delete organizations");
    expect(e.hint).toContain("--servicedesk-base-url");
    expect(JSON.stringify(e)).not.toContain("sd-token");
  });

  it("a 404 before any call succeeded suggests the root is wrong; after one, it passes through", async () => {
    const page = { values: [], isLastPage: true, size: 0 };
    const access = await accessFor([
      { status: 404, body: "<html>Not here</html>" },
      { status: 200, body: page },
      { status: 404, body: { errorMessage: "No such service desk" } },
    ]);
    const client = access.client("serviceDesks");
    const first = await failure(client.listServiceDeskOrganizations("SUP"));
    expect(first.status).toBe(404);
    expect(first.message).toContain("serviceDesks needs the service desk API");
    expect(await client.listOrganizations()).toEqual([]);
    const later = await client
      .listServiceDeskOrganizations("NOPE")
      .catch((caught: unknown) => caught);
    expect(later).not.toBeInstanceOf(ServiceDeskError);
    expect((later as Error).message).toContain("No such service desk");
  });

  it("passes a 400 through unchanged (an unknown account id is the caller's to handle)", async () => {
    const access = await accessFor([
      { status: 400, body: { errorMessage: "qm:nobody is not a customer" } },
    ]);
    const error = await access
      .client("customers")
      .addOrganizationUsers("1", ["qm:nobody"])
      .catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(ServiceDeskError);
    expect((error as { status?: number }).status).toBe(400);
    expect((error as Error).message).toContain("qm:nobody is not a customer");
  });
});
