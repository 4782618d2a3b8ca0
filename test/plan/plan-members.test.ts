import { describe, expect, it } from "vitest";

import { plan, PlanInputError, selectChanges } from "../../src/plan/index.js";
import { OPTIONS, desired, live, liveOrg, org } from "./builders.js";

const addresses = (result: ReturnType<typeof plan>) =>
  result.changes.map((change) => `${change.action} ${change.address}`);

describe("plan: customers of existing organizations", () => {
  it("adds the customers listed and missing, one change each, and keeps the others without pruneCustomers", () => {
    const result = plan(
      desired({
        organizations: [org("Acme", { customers: ["qm:1", "qm:3", "5b10ac"] })],
      }),
      live({
        organizations: [
          liveOrg("Acme", { id: "o-1", customers: ["qm:2", "qm:1"] }),
        ],
      }),
      OPTIONS,
    );
    expect(addresses(result)).toEqual([
      'create organization["Acme"].customer["5b10ac"]',
      'create organization["Acme"].customer["qm:3"]',
    ]);
    expect(result.changes[1]).toMatchObject({
      resource: "customer",
      destructive: false,
      organizationId: "o-1",
      organizationName: "Acme",
      before: null,
      after: { accountId: "qm:3" },
      dependsOn: [],
    });
    expect(result.unsupported).toEqual([]);
  });

  it("removes customers not listed only with pruneCustomers, destructively", () => {
    const result = plan(
      desired({
        organizations: [
          org("Acme", { customers: ["qm:1"], pruneCustomers: true }),
        ],
      }),
      live({
        organizations: [
          liveOrg("Acme", { id: "o-1", customers: ["qm:2", "qm:1"] }),
        ],
      }),
      OPTIONS,
    );
    expect(result.changes).toEqual([
      expect.objectContaining({
        address: 'organization["Acme"].customer["qm:2"]',
        action: "delete",
        destructive: true,
        before: { accountId: "qm:2" },
        after: null,
      }),
    ]);
    expect(result.summary.delete).toBe(1);
  });

  it("compares account ids exactly and waits for a rename of the organization", () => {
    const result = plan(
      desired({
        organizations: [
          org("Acme", { previousNames: ["Old"], customers: ["QM:1"] }),
        ],
      }),
      live({
        organizations: [liveOrg("Old", { id: "o-1", customers: ["qm:1"] })],
      }),
      OPTIONS,
    );
    expect(result.changes.find((c) => c.resource === "customer")).toMatchObject(
      {
        address: 'organization["Acme"].customer["QM:1"]',
        dependsOn: ['organization["Acme"]'],
      },
    );
  });

  it("lets --target and --exclude name one customer", () => {
    const made = plan(
      desired({
        organizations: [org("Acme", { customers: ["qm:1", "qm:2", "qm:3"] })],
      }),
      live({ organizations: [liveOrg("Acme")] }),
      OPTIONS,
    );
    const one = 'organization["Acme"].customer["qm:2"]';
    expect(addresses(selectChanges(made, { target: [one] }))).toEqual([
      `create ${one}`,
    ]);
    expect(addresses(selectChanges(made, { exclude: [one] }))).toEqual([
      'create organization["Acme"].customer["qm:1"]',
      'create organization["Acme"].customer["qm:3"]',
    ]);
  });

  it("leaves customers alone when the manifest does not list them", () => {
    const result = plan(
      desired({ organizations: [org("Acme")] }),
      live({ organizations: [liveOrg("Acme", { customers: ["qm:2"] })] }),
      OPTIONS,
    );
    expect(result.changes).toEqual([]);
  });
});

describe("plan: service desk links", () => {
  it("links the service desks listed, keys and ids as written, and keeps other links without pruneServiceDesks", () => {
    const result = plan(
      desired({
        organizations: [org("Acme", { serviceDesks: ["SUP", "12"] })],
      }),
      live({
        organizations: [liveOrg("Acme", { id: "o-1" })],
        serviceDesks: { SUP: ["o-1"], "12": ["o-9"], HR: ["o-1"] },
      }),
      OPTIONS,
    );
    expect(result.changes).toEqual([
      expect.objectContaining({
        address: 'organization["Acme"].serviceDesk["12"]',
        resource: "serviceDesk",
        action: "create",
        destructive: false,
        organizationId: "o-1",
        before: null,
        after: { serviceDesk: "12" },
      }),
    ]);
  });

  it("removes the organization from the other service desks read only with pruneServiceDesks", () => {
    const result = plan(
      desired({
        organizations: [
          org("Acme", { serviceDesks: ["SUP"], pruneServiceDesks: true }),
        ],
      }),
      live({
        organizations: [liveOrg("Acme", { id: "o-1" })],
        serviceDesks: { SUP: ["o-1"], HR: ["o-1", "o-2"], IT: ["o-2"] },
      }),
      OPTIONS,
    );
    expect(addresses(result)).toEqual([
      'delete organization["Acme"].serviceDesk["HR"]',
    ]);
    expect(result.changes[0]!.destructive).toBe(true);
  });

  it("links a new organization after its create, without an id", () => {
    const result = plan(
      desired({
        organizations: [
          org("Globex", { serviceDesks: ["SUP"], pruneServiceDesks: true }),
        ],
      }),
      live({ serviceDesks: { SUP: [], HR: [] } }),
      OPTIONS,
    );
    expect(addresses(result)).toEqual([
      'create organization["Globex"]',
      'create organization["Globex"].serviceDesk["SUP"]',
    ]);
    expect(result.changes[1]).not.toHaveProperty("organizationId");
    expect(result.changes[1]!.dependsOn).toEqual(['organization["Globex"]']);
  });

  it("reports a service desk the site does not have at the line that names it", () => {
    const organization = org("Acme", { serviceDesks: ["NOPE"] });
    const live_ = live({ organizations: [liveOrg("Acme")] });
    const error = (() => {
      try {
        plan(
          desired({ organizations: [organization] }),
          {
            ...live_,
            serviceDesks: [{ ref: "NOPE", found: false, organizationIds: [] }],
          },
          OPTIONS,
        );
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(PlanInputError);
    expect((error as PlanInputError).problems).toEqual([
      {
        source: organization.serviceDesks!.source,
        message: 'service desk "NOPE" is not on the site (organization "Acme")',
        found: "NOPE",
        expected: "the key or id of a service desk on the site",
      },
    ]);
  });
});

describe("plan: format version", () => {
  it("is 2 when a customer or a link changes, else 1", () => {
    const version = (more: Parameters<typeof org>[1]) =>
      plan(
        desired({ organizations: [org("Acme", more)] }),
        live({
          organizations: [liveOrg("Acme", { id: "o-1", customers: ["qm:1"] })],
          serviceDesks: { SUP: ["o-1"] },
        }),
        OPTIONS,
      ).formatVersion;
    expect(version({ customers: ["qm:1"], serviceDesks: ["SUP"] })).toBe(1);
    expect(version({ customers: ["qm:1", "qm:2"] })).toBe(2);
    expect(version({ serviceDesks: [], pruneServiceDesks: true })).toBe(2);
  });
});
