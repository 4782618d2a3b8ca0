import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import type { RunningEmulator } from "../../src/emulator/index.js";
import { call, errorText, startTestEmulator } from "./helpers.js";
import type {
  WireDetail,
  WireField,
  WireOrganization,
  WireProfile,
} from "./wire-types.js";

const SEED = {
  fields: [
    { name: "Region", type: "SELECT", options: ["AU", "EU", "US"] },
    {
      name: "Markets",
      type: "MULTISELECT",
      options: ["Retail", "Banking", "Health"],
    },
    { name: "Notes", type: "TEXT" },
  ],
  organizations: [
    {
      id: "1",
      name: "Acme",
      details: { Region: "EU", Markets: ["Retail", "Health"], Notes: "n" },
    },
    {
      id: "2",
      name: "Globex",
      details: { Region: "AU", Markets: ["Banking"] },
    },
    { id: "3", name: "Initech" },
  ],
};

describe("detail field rules", () => {
  let emulator: RunningEmulator;
  const createField = (body: unknown) =>
    call<WireField>(emulator, "POST", "organization/details", { body });
  const details = async (id: string): Promise<Record<string, string[]>> => {
    const reply = await call<WireOrganization>(
      emulator,
      "GET",
      `organization/${id}`,
    );
    return Object.fromEntries(
      reply.body.details.map((d) => [d.name, d.values]),
    );
  };

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: SEED });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.control.reset());

  it("keeps field names unique case-insensitively after trimming", async () => {
    const clash = await createField({
      name: "  region ",
      type: { name: "TEXT" },
    });
    expect(clash.status).toBe(400);
    expect(errorText(clash)).toMatch(/named "region" already exists/);
    const created = await createField({
      name: "  Tier ",
      type: { name: "TEXT" },
    });
    expect(created.status).toBe(200);
    expect(created.body.name).toBe("Tier");
    const rename = await call(emulator, "PUT", "organization/details/Tier", {
      body: { name: "NOTES" },
    });
    expect(rename.status).toBe(400);
  });

  it("allows at most 50 fields", async () => {
    for (let i = 4; i <= 50; i++) {
      const reply = await createField({
        name: `F${i}`,
        type: { name: "TEXT" },
      });
      expect(reply.status).toBe(200);
    }
    const extra = await createField({ name: "F51", type: { name: "TEXT" } });
    expect(extra.status).toBe(400);
    expect(errorText(extra)).toMatch(/at most 50/);
    const list = await call<{ results: WireField[] }>(
      emulator,
      "GET",
      "organization/details",
    );
    expect(list.body.results).toHaveLength(50);
    expect(list.body.results.at(-1)?.configuration?.position).toBe(50);
  });

  it("needs options for SELECT and MULTISELECT, and refuses them elsewhere", async () => {
    for (const type of ["SELECT", "MULTISELECT"]) {
      expect(
        (await createField({ name: "X", type: { name: type } })).status,
      ).toBe(400);
      expect(
        (await createField({ name: "X", type: { name: type, options: [] } }))
          .status,
      ).toBe(400);
      expect(
        (
          await createField({
            name: "X",
            type: { name: type, options: ["a", "a"] },
          })
        ).status,
      ).toBe(400);
    }
    const text = await createField({
      name: "X",
      type: { name: "TEXT", options: ["a"] },
    });
    expect(text.status).toBe(400);
    expect(errorText(text)).toMatch(/type\.options/);
    const unknown = await createField({ name: "X", type: { name: "COLOUR" } });
    expect(unknown.status).toBe(400);
    expect(errorText(unknown)).toMatch(
      /type\.name: "COLOUR" is not a detail field type/,
    );
  });

  it("keeps values among the options; SELECT takes one value", async () => {
    const set = (field: string, values: unknown) =>
      call<WireDetail>(
        emulator,
        "PUT",
        `organization/3/details?fieldName=${field}`,
        {
          body: { values },
        },
      );
    expect((await set("Region", ["APAC"])).status).toBe(400);
    expect((await set("Region", ["AU", "EU"])).status).toBe(400);
    expect((await set("Region", ["eu"])).status).toBe(400);
    expect((await set("Markets", ["Retail", "Retail"])).status).toBe(400);
    expect((await set("Markets", ["Retail", "Gaming"])).status).toBe(400);
    const ok = await set("Markets", ["Health", "Retail"]);
    expect(ok.status).toBe(200);
    expect(ok.body.values).toEqual(["Health", "Retail"]);
    expect((await set("Notes", ["a", "b"])).status).toBe(400);
    expect(await details("3")).toEqual({ Markets: ["Health", "Retail"] });
  });

  it("never changes a field's type on edit", async () => {
    const reply = await call(emulator, "PUT", "organization/details/Region", {
      body: { name: "Region", type: { name: "MULTISELECT" } },
    });
    expect(reply.status).toBe(400);
    expect(errorText(reply)).toMatch(/type.*cannot be changed/);
    const same = await call(emulator, "PUT", "organization/details/Region", {
      body: { name: "Region", type: { name: "SELECT" } },
    });
    expect(same.status).toBe(200);
  });

  it("keeps stored values when a field is renamed, and finds it by its path name in any case", async () => {
    const reply = await call(
      emulator,
      "PUT",
      "organization/details/%20REGION%20",
      {
        body: { name: "Area" },
      },
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      name: "Area",
      type: { name: "SELECT", options: ["AU", "EU", "US"] },
    });
    expect((await details("1")).Area).toEqual(["EU"]);
    expect(
      (await call<WireProfile>(emulator, "GET", "organization/profile/2")).body
        .details[0],
    ).toEqual({
      name: "Area",
      value: { type: "SELECT", text: ["AU"] },
    });
  });

  it("removes stored values that an options edit takes away", async () => {
    const reply = await call<WireField>(
      emulator,
      "PUT",
      "organization/details/Markets",
      {
        body: { name: "Markets", options: ["Health", "Banking", "Energy"] },
      },
    );
    expect(reply.status).toBe(200);
    expect(reply.body.type.options).toEqual(["Health", "Banking", "Energy"]);
    expect((await details("1")).Markets).toEqual(["Health"]);
    expect((await details("2")).Markets).toEqual(["Banking"]);
    await call(emulator, "PUT", "organization/details/Region", {
      body: { name: "Region", options: ["US"] },
    });
    expect((await details("1")).Region).toBeUndefined();
    expect(emulator.control.state().organizations[0]!.details).toEqual({
      Markets: ["Health"],
      Notes: ["n"],
    });
  });

  it("deletes a field with its values on every organization, for good", async () => {
    const reply = await call(emulator, "DELETE", "organization/details/region");
    expect(reply.status).toBe(204);
    expect(reply.body).toBeUndefined();
    expect(await details("1")).not.toHaveProperty("Region");
    expect(await details("2")).not.toHaveProperty("Region");
    await createField({
      name: "Region",
      type: { name: "SELECT", options: ["AU", "EU"] },
    });
    expect(await details("1")).not.toHaveProperty("Region");
    const positions = (
      await call<{ results: WireField[] }>(
        emulator,
        "GET",
        "organization/details",
      )
    ).body.results.map((f) => [f.name, f.configuration?.position]);
    expect(positions).toEqual([
      ["Markets", 1],
      ["Notes", 2],
      ["Region", 3],
    ]);
  });

  it("answers 404 for a field that does not exist", async () => {
    for (const method of ["PUT", "DELETE"]) {
      const reply = await call(emulator, method, "organization/details/Nope", {
        ...(method === "PUT" ? { body: { name: "X" } } : {}),
      });
      expect(reply.status).toBe(404);
      expect(errorText(reply)).toMatch(
        /No organization detail field named "Nope"/,
      );
    }
    const value = await call(
      emulator,
      "PUT",
      "organization/1/details?fieldName=Nope",
      {
        body: { values: ["x"] },
      },
    );
    expect(value.status).toBe(404);
  });

  it("clears a value with an empty list; only fields with values are listed", async () => {
    const reply = await call<WireDetail>(
      emulator,
      "PUT",
      "organization/1/details?fieldName=Notes",
      {
        body: { values: [] },
      },
    );
    expect(reply.status).toBe(200);
    expect(reply.body.values).toEqual([]);
    expect(Object.keys(await details("1"))).toEqual(["Region", "Markets"]);
    expect(
      (await call<WireOrganization>(emulator, "GET", "organization/3")).body
        .details,
    ).toEqual([]);
    const blank = await call(
      emulator,
      "PUT",
      "organization/1/details?fieldName=Notes",
      {
        body: { values: [" "] },
      },
    );
    expect(blank.status).toBe(400);
  });

  it("checks value formats of the typed fields", async () => {
    await createField({ name: "Renewal", type: { name: "DATE" } });
    await createField({ name: "Contact", type: { name: "EMAIL" } });
    const set = (field: string, value: string) =>
      call(emulator, "PUT", `organization/3/details?fieldName=${field}`, {
        body: { values: [value] },
      });
    expect((await set("Renewal", "2027-02-30")).status).toBe(400);
    expect((await set("Renewal", "2027-01-31")).status).toBe(200);
    expect((await set("Contact", "not an address")).status).toBe(400);
    expect((await set("Contact", "ops@acme.example")).status).toBe(200);
  });

  it("needs the fieldName query parameter to set a value", async () => {
    const reply = await call(emulator, "PUT", "organization/1/details", {
      body: { values: ["EU"] },
    });
    expect(reply.status).toBe(400);
    expect(errorText(reply)).toMatch(/fieldName is required/);
  });

  it("treats names such as __proto__ as plain names", async () => {
    expect(
      (await createField({ name: "__proto__", type: { name: "TEXT" } })).status,
    ).toBe(200);
    expect(
      (await createField({ name: "constructor", type: { name: "TEXT" } }))
        .status,
    ).toBe(200);
    const set = await call(
      emulator,
      "PUT",
      "organization/3/details?fieldName=__proto__",
      {
        body: { values: ["x"] },
      },
    );
    expect(set.status).toBe(200);
    const state = emulator.control.state();
    const initech = state.organizations.find((o) => o.name === "Initech")!;
    expect(Object.keys(initech.details)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    await emulator.control.reset(state);
    expect(emulator.control.state()).toEqual(state);
  });
});
