import { afterEach, describe, expect, it } from "vitest";

import type {
  SdOrganization,
  ServiceDeskReader,
} from "../../src/api/servicedesk-types.js";
import { readLive, readOrganizations } from "../../src/live/index.js";
import type { Desired, DesiredOrganization } from "../../src/model/index.js";
import { startRig, type Rig } from "../api/helpers/emulator-client.js";

const at = { file: "orgsync/orgs.yaml", line: 1, column: 1 };

const org = (name: string): DesiredOrganization => ({
  name,
  previousNames: [],
  ensure: "present",
  details: [],
  pruneProducts: false,
  source: at,
});

/** An in-memory service desk API that lists `organizations` and counts its calls. */
function fakeServiceDesk(organizations: () => SdOrganization[]) {
  const calls: string[] = [];
  const unused = (name: string) => () => {
    calls.push(name);
    return Promise.reject(new Error(`${name} is not expected here`));
  };
  const reader: ServiceDeskReader = {
    baseUrl: "http://sd.test/rest/servicedeskapi/",
    listOrganizations: () => {
      calls.push("listOrganizations");
      return Promise.resolve(organizations());
    },
    getOrganization: unused("getOrganization"),
    listOrganizationUsers: unused("listOrganizationUsers"),
    listServiceDeskOrganizations: unused("listServiceDeskOrganizations"),
  };
  return { reader, calls };
}

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function siteWith(names: string[]): Promise<SdOrganization[]> {
  rig = await startRig({
    seed: { fields: [], organizations: names.map((name) => ({ name })) },
  });
  const read = await readOrganizations(rig.client, { names });
  return read.map(({ id, name }) => ({ id, name }));
}

describe("readLive with discovery", () => {
  it("lists every organization, and reads no more profiles than the manifests name", async () => {
    const listed = await siteWith(["Acme", "Globex", "Initech"]);
    const scim = { ...listed[2]!, scimManaged: true };
    const sd = fakeServiceDesk(() => [listed[0]!, listed[1]!, scim]);
    const desired: Desired = {
      fields: { declared: false, prune: false, items: [] },
      organizations: [org("Acme")],
    };
    const before = rig!.requests().length;
    const live = await readLive(rig!.client, desired, {
      serviceDesk: sd.reader,
    });
    expect(live.listed).toEqual([listed[0], listed[1], scim]);
    expect(live.organizations.map((o) => o.name)).toEqual(["Acme"]);
    expect(sd.calls).toEqual(["listOrganizations"]);
    // The fields and one profile batch: discovery adds no CSM request.
    expect(rig!.requests().length - before).toBe(2);
  });

  it("reads the profiles pruneOrganizations deletes, by id", async () => {
    const listed = await siteWith(["Acme", "Globex", "Initech"]);
    const sd = fakeServiceDesk(() => listed);
    const live = await readLive(
      rig!.client,
      {
        fields: { declared: false, prune: false, items: [] },
        organizations: [org("Acme")],
        pruneOrganizations: { prune: true, source: at },
      },
      { serviceDesk: sd.reader },
    );
    expect(live.organizations.map((o) => o.name).sort()).toEqual([
      "Acme",
      "Globex",
      "Initech",
    ]);
  });

  it("refuses an empty list where the CSM API finds organizations: the token is not an agent", async () => {
    await siteWith(["Acme"]);
    const sd = fakeServiceDesk(() => []);
    await expect(
      readLive(
        rig!.client,
        {
          fields: { declared: false, prune: false, items: [] },
          organizations: [org("Acme")],
        },
        { serviceDesk: sd.reader },
      ),
    ).rejects.toMatchObject({
      code: "E_NOT_AGENT",
      message: expect.stringContaining("not an agent"),
    });
  });
});
