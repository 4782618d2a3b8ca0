import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { RunningEmulator } from "../../src/emulator/index.js";
import { call, startTestEmulator } from "./helpers.js";
import type { WireOrganizationRef, WireProfile } from "./wire-types.js";

/** Names as CSM-API.md says the site compares them: trimmed, case-insensitive. */
const nameKey = (name: string): string => name.trim().toLowerCase();

/** Every organization in the state is found by id and by name, and names are unique. */
async function expectConsistent(emulator: RunningEmulator): Promise<void> {
  const state = emulator.control.state();
  const keys = state.organizations.map((o) => nameKey(o.name));
  expect(new Set(keys).size).toBe(keys.length);
  const fieldKeys = state.fields.map((f) => nameKey(f.name));
  expect(new Set(fieldKeys).size).toBe(fieldKeys.length);
  for (let i = 0; i < state.organizations.length; i += 25) {
    const batch = state.organizations.slice(i, i + 25);
    const byName = await call<{ profiles: WireProfile[] }>(
      emulator,
      "POST",
      "organization/profile/fetch",
      {
        body: {
          organizationNames: batch.map((o) => ` ${o.name.toUpperCase()} `),
        },
      },
    );
    expect(byName.body.profiles.map((p) => p.id)).toEqual(
      batch.map((o) => o.id),
    );
    const byId = await call<{ organizations: WireOrganizationRef[] }>(
      emulator,
      "POST",
      "organization/fetch",
      {
        body: { organizationIds: batch.map((o) => o.id) },
      },
    );
    expect(byId.body.organizations.map((o) => o.name)).toEqual(
      batch.map((o) => o.name),
    );
  }
}

describe("many parallel writers", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    // Jitter shuffles the order in which racing requests reach the state.
    emulator = await startTestEmulator({
      latency: { fixedMs: 0, jitterMs: 4 },
    });
  });
  afterAll(() => emulator.close());

  it("create each name exactly once when 200 writers race for 50 names", async () => {
    await emulator.control.reset({});
    const variants = (i: number) => [
      `Org ${i}`,
      `org ${i}`,
      ` ORG ${i} `,
      `Org ${i}  `,
    ];
    const bodies = Array.from({ length: 50 }, (_, i) => variants(i)).flat();
    const replies = await Promise.all(
      bodies.map((name) =>
        call<WireOrganizationRef>(emulator, "POST", "organization", {
          body: { name },
        }),
      ),
    );
    const created = replies.filter((r) => r.status === 200);
    expect(created).toHaveLength(50);
    expect(replies.filter((r) => r.status === 400)).toHaveLength(150);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(50);
    expect(new Set(created.map((r) => nameKey(r.body.name))).size).toBe(50);
    await expectConsistent(emulator);
  });

  it("never lets racing field creates pass 50 fields", async () => {
    await emulator.control.reset({});
    const replies = await Promise.all(
      Array.from({ length: 80 }, (_, i) =>
        call(emulator, "POST", "organization/details", {
          body: { name: `Field ${i % 70}`, type: { name: "TEXT" } },
        }),
      ),
    );
    expect(replies.filter((r) => r.status === 200)).toHaveLength(50);
    expect(emulator.control.state().fields).toHaveLength(50);
  });

  it("keeps names unique and indexes whole under any mix of racing writes", async () => {
    const name = fc.constantFrom(
      "Acme",
      "acme ",
      "Globex",
      " GLOBEX",
      "Initech",
      "Hooli",
    );
    const operation = fc.oneof(
      fc.record({ kind: fc.constant("create" as const), name }),
      fc.record({
        kind: fc.constant("rename" as const),
        id: fc.integer({ min: 1, max: 8 }),
        name,
      }),
      fc.record({
        kind: fc.constant("delete" as const),
        id: fc.integer({ min: 1, max: 8 }),
      }),
      fc.record({ kind: fc.constant("profile" as const), name }),
      fc.record({
        kind: fc.constant("value" as const),
        id: fc.integer({ min: 1, max: 8 }),
        value: fc.constantFrom("AU", "EU", "US"),
      }),
      fc.record({ kind: fc.constant("field" as const) }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(operation, { minLength: 5, maxLength: 40 }),
        async (ops) => {
          await emulator.control.reset({
            fields: [
              { name: "Region", type: "SELECT", options: ["AU", "EU", "US"] },
            ],
            organizations: [{ name: "Acme" }, { name: "Globex" }],
          });
          const replies = await Promise.all(
            ops.map((op) => {
              switch (op.kind) {
                case "create":
                  return call(emulator, "POST", "organization", {
                    body: { name: op.name },
                  });
                case "rename":
                  return call(emulator, "PUT", `organization/${op.id}`, {
                    body: { name: op.name },
                  });
                case "delete":
                  return call(emulator, "DELETE", `organization/${op.id}`);
                case "profile":
                  return call(emulator, "POST", "organization/profile", {
                    body: {
                      name: op.name,
                      details: [{ name: "region", values: ["EU"] }],
                    },
                  });
                case "value":
                  return call(
                    emulator,
                    "PUT",
                    `organization/${op.id}/details?fieldName=Region`,
                    {
                      body: { values: [op.value] },
                    },
                  );
                case "field":
                  return call(
                    emulator,
                    "DELETE",
                    "organization/details/Region",
                  );
              }
            }),
          );
          for (const reply of replies) {
            expect([200, 204, 400, 404]).toContain(reply.status);
          }
          await expectConsistent(emulator);
          const state = emulator.control.state();
          if (state.fields.length === 0) {
            expect(
              state.organizations.every(
                (o) => Object.keys(o.details).length === 0,
              ),
            ).toBe(true);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
