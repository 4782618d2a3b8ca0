import { describe, expect, it } from "vitest";

import { sendCall, type ApiCall } from "../../src/apply/index.js";
import { FakeSite, type Fault } from "./fake-client.js";

const createField: ApiCall = {
  kind: "createDetailField",
  field: { name: "Region", type: { name: "SELECT", options: ["EU", "US"] } },
};

function faults(...script: (Fault | undefined)[]): () => Fault | undefined {
  return () => script.shift();
}

describe("sendCall: creates whose outcome is unknown", () => {
  it("re-reads by name and does not re-send a create that was done but answered badly", async () => {
    const site = new FakeSite();
    site.fault = faults("done-unknown");
    await expect(
      sendCall(createField, site, { address: "a" }),
    ).resolves.toEqual({ recovered: true });
    expect(site.writes).toHaveLength(1);
    expect(site.calls.map((c) => c.method)).toEqual([
      "createDetailField",
      "listDetailFields",
    ]);
    expect([...site.fields.values()].map((f) => f.name)).toEqual(["Region"]);
  });

  it("re-sends a create the re-read found absent", async () => {
    const site = new FakeSite();
    site.fault = faults("lost-unknown");
    await expect(
      sendCall(createField, site, { address: "a" }),
    ).resolves.toEqual({ recovered: true });
    expect(site.calls.map((c) => c.method)).toEqual([
      "createDetailField",
      "listDetailFields",
      "createDetailField",
    ]);
    expect(site.fields.size).toBe(1);
  });

  it("gives up after the attempts allowed, with the unknown-outcome error", async () => {
    const site = new FakeSite();
    site.fault = () => "lost-unknown";
    await expect(
      sendCall(createField, site, { address: "a", createAttempts: 2 }),
    ).rejects.toMatchObject({
      code: "E_UNKNOWN_OUTCOME",
    });
    expect(site.writes).toHaveLength(2);
    expect(site.fields.size).toBe(0);
  });

  it("does not re-send when a different field of that name appeared, and says so", async () => {
    const site = new FakeSite();
    site.fault = (_method, _args) => {
      site.addField("region", "TEXT");
      return "lost-unknown";
    };
    await expect(
      sendCall(createField, site, { address: 'field["Region"]' }),
    ).rejects.toMatchObject({
      code: "E_CREATE_CONFLICT",
      message: expect.stringContaining('a field "region" of type TEXT'),
    });
    expect(site.writes).toHaveLength(1);
  });

  it("finds a profile made under an unknown outcome by name, with no duplicate", async () => {
    const site = new FakeSite();
    site.fault = faults("done-unknown");
    const call: ApiCall = {
      kind: "createProfile",
      body: { name: "Acme", details: [] },
    };
    await expect(sendCall(call, site, { address: "a" })).resolves.toEqual({
      recovered: true,
    });
    expect(site.orgs.size).toBe(1);
    expect(site.calls.map((c) => c.method)).toEqual([
      "createProfile",
      "fetchProfiles",
    ]);
    expect(site.calls[1]!.args).toEqual([{ organizationNames: ["Acme"] }]);
  });

  it("finds an entitlement made under an unknown outcome among the organization's", async () => {
    const site = new FakeSite();
    const id = site.addOrg("Acme");
    site.fault = faults("done-unknown");
    const call: ApiCall = {
      kind: "createEntitlement",
      organizationId: id,
      productId: "p1",
    };
    await expect(sendCall(call, site, { address: "a" })).resolves.toEqual({
      recovered: true,
    });
    expect(site.orgs.get(id)!.entitlements).toHaveLength(1);
    expect(site.calls.map((c) => c.method)).toEqual([
      "createEntitlement",
      "listEntitlements",
    ]);
  });

  it("finds an entitlement made under an unknown outcome whatever the case of its product id", async () => {
    const site = new FakeSite();
    const id = site.addOrg("Acme");
    const productId = "0b6a1c2e-3f4d-4a5b-8c6d-7e8f9a0b1c2d";
    site.fault = () => {
      site.orgs.get(id)!.entitlements.push({
        id: "e9",
        productId: productId.toUpperCase(),
      });
      return "lost-unknown";
    };
    const call: ApiCall = {
      kind: "createEntitlement",
      organizationId: id,
      productId,
    };
    await expect(sendCall(call, site, { address: "a" })).resolves.toEqual({
      recovered: true,
    });
    expect(site.orgs.get(id)!.entitlements).toHaveLength(1);
  });

  it("keeps the outcome unknown when the re-read fails too", async () => {
    const site = new FakeSite();
    site.fault = faults("lost-unknown");
    site.failReads = true;
    await expect(
      sendCall(createField, site, { address: "a" }),
    ).rejects.toMatchObject({
      code: "E_UNKNOWN_OUTCOME",
      message: expect.stringContaining(
        "re-reading the site to find out failed too",
      ),
    });
    expect(site.writes).toHaveLength(1);
  });

  it("throws a definite failure as it is, without re-reading", async () => {
    const site = new FakeSite();
    site.fault = faults("fail");
    await expect(
      sendCall(createField, site, { address: "a" }),
    ).rejects.toMatchObject({ status: 500 });
    expect(site.calls).toHaveLength(1);
  });
});

describe("sendCall: answers that hide a done change", () => {
  it("counts a delete answered 404 as done: the object is gone", async () => {
    const site = new FakeSite();
    const call: ApiCall = { kind: "deleteOrganization", organizationId: "404" };
    await expect(sendCall(call, site, { address: "a" })).resolves.toEqual({
      recovered: true,
    });
  });

  it("counts a field rename answered 404 as done when the field is there under its new name", async () => {
    const site = new FakeSite().addField("Tier", "SELECT", ["Gold"]);
    const call: ApiCall = {
      kind: "editDetailField",
      fieldName: "Level",
      edit: { name: "Tier", options: ["Gold"] },
    };
    await expect(sendCall(call, site, { address: "a" })).resolves.toEqual({
      recovered: true,
    });
  });

  it("fails a field edit answered 404 when the field is not there as edited", async () => {
    const site = new FakeSite().addField("Tier", "SELECT", ["Silver"]);
    const call: ApiCall = {
      kind: "editDetailField",
      fieldName: "Level",
      edit: { name: "Tier", options: ["Gold"] },
    };
    await expect(sendCall(call, site, { address: "a" })).rejects.toMatchObject({
      status: 404,
    });
    expect(site.writes).toHaveLength(1);
  });
});
