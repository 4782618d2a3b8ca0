import { describe, expect, it } from "vitest";

import type {
  SdOrganization,
  ServiceDeskReadAccess,
  ServiceDeskReader,
} from "../../src/api/servicedesk-types.js";
import { ServiceDeskError } from "../../src/api/servicedesk-access.js";
import { serviceDeskCheck } from "../../src/doctor/servicedesk-check.js";
import { UsageError } from "../../src/util/errors.js";

const ROOT = "https://acme.atlassian.net/rest/servicedeskapi/";

/** An access whose organization list answers `list` (or throws it). */
function accessListing(list: SdOrganization[] | Error): ServiceDeskReadAccess {
  return {
    baseUrl: ROOT,
    client: () =>
      ({
        baseUrl: ROOT,
        listOrganizations: () =>
          list instanceof Error ? Promise.reject(list) : Promise.resolve(list),
      }) as unknown as ServiceDeskReader,
  };
}

const refused = new ServiceDeskError(
  "the doctor's service desk check",
  ROOT,
  `the call to ${ROOT} failed: the site did not accept the credentials`,
  { hint: "use an agent's token", status: 401 },
);

describe("serviceDeskCheck", () => {
  it("passes when organizations are listed", async () => {
    const check = await serviceDeskCheck(() => ({
      explicit: false,
      access: accessListing([{ id: "1", name: "Acme" }]),
    }));
    expect(check).toEqual({
      id: "servicedesk",
      status: "ok",
      message: `GET ${ROOT}organization?limit=1: organizations are listed (one page read)`,
    });
  });

  it("warns that an empty list may mean the account is not an agent", async () => {
    const check = await serviceDeskCheck(() => ({
      explicit: true,
      access: accessListing([]),
    }));
    expect(check.status).toBe("warn");
    expect(check.message).toContain(
      "listed no organizations: if the site has any, the account is not a Jira Service Management agent",
    );
    expect(check.fix).toContain("agent");
  });

  it("only warns of a failure at a derived root, and fails at a root that was given", async () => {
    for (const [explicit, status] of [
      [false, "warn"],
      [true, "fail"],
    ] as const) {
      const check = await serviceDeskCheck(() => ({
        explicit,
        access: accessListing(refused),
      }));
      expect(check).toEqual({
        id: "servicedesk",
        status,
        message: refused.message,
        fix: "use an agent's token",
      });
    }
  });

  it("is information only when no root can be derived, and fails on a bad override", async () => {
    const none = await serviceDeskCheck(() => ({
      explicit: false,
      access: { ...accessListing(refused), baseUrl: undefined },
    }));
    expect(none.status).toBe("info");
    expect(none.message).toContain("--servicedesk-base-url");
    const bad = await serviceDeskCheck(() => {
      throw new UsageError("--servicedesk-base-url: not a URL", {
        hint: "give the root",
      });
    });
    expect(bad).toMatchObject({ status: "fail", fix: "give the root" });
  });
});
