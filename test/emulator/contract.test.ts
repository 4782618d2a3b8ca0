import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { RunningEmulator } from "../../src/emulator/index.js";
import { call, schemaProblems, startTestEmulator } from "./helpers.js";
import type { WireProfile } from "./wire-types.js";
import { SEED_EXAMPLES } from "./seed-examples.js";

/**
 * The documented deviations from the page's example answers (docs/emulator.md): an
 * entitlement's `entitledEntity` is the organization (`ORGANIZATION`, the organization id),
 * and entitlements carry no details because no call of the API sets them.
 */
function withoutDeviations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDeviations);
  if (value === null || typeof value !== "object") return value;
  const object = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(object)) {
    copy[key] = withoutDeviations(item);
  }
  if ("product" in object && "entitledEntity" in object) {
    copy.entitledEntity = "(organization)";
    copy.details = "(none)";
  }
  return copy;
}

/** Keys and value types, recursively; an empty array matches any array. */
function shapeDifferences(
  actual: unknown,
  expected: unknown,
  path = "$",
): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array`];
    if (expected.length === 0 || actual.length === 0) return [];
    return actual.flatMap((item, i) =>
      shapeDifferences(item, expected[0], `${path}[${i}]`),
    );
  }
  if (expected !== null && typeof expected === "object") {
    if (
      actual === null ||
      typeof actual !== "object" ||
      Array.isArray(actual)
    ) {
      return [`${path}: expected an object`];
    }
    const a = Object.keys(actual).sort();
    const e = Object.keys(expected).sort();
    if (a.join() !== e.join())
      return [`${path}: keys ${a.join()} ≠ ${e.join()}`];
    return e.flatMap((key) =>
      shapeDifferences(
        (actual as Record<string, unknown>)[key],
        (expected as Record<string, unknown>)[key],
        `${path}.${key}`,
      ),
    );
  }
  return typeof actual === typeof expected
    ? []
    : [`${path}: ${typeof actual} ≠ ${typeof expected}`];
}

describe("contract: every request example of the seed page", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(() => emulator.close());

  for (const example of SEED_EXAMPLES) {
    it(`${example.method} ${example.path} (${example.title})`, async () => {
      await emulator.control.reset(example.before);
      const reply = await call(emulator, example.method, example.path, {
        headers: example.headers,
        auth: false,
        experimental: false,
        ...(example.body === undefined ? {} : { body: example.body }),
      });
      expect(reply.status, JSON.stringify(reply.body)).toBe(example.status);
      if (example.schema) {
        expect(schemaProblems(example.schema, reply.body)).toEqual([]);
      } else {
        expect(reply.body).toBeUndefined();
      }
      if (example.answer !== undefined) {
        expect(
          shapeDifferences(
            withoutDeviations(reply.body),
            withoutDeviations(example.answer),
          ),
        ).toEqual([]);
      }
      if (example.compare === "equal") {
        expect(withoutDeviations(reply.body)).toEqual(
          withoutDeviations(example.answer),
        );
      }
    });
  }

  it("covers every operation of the page", () => {
    const operations = new Set(
      SEED_EXAMPLES.map(
        (e) =>
          `${e.method} ${e.path.replace(/\d+/g, "{id}").replace(/\?.*/, "")}`,
      ),
    );
    expect(operations.size).toBe(14);
  });

  it("answers the created profile with every customer and product it was given", async () => {
    const example = SEED_EXAMPLES.find(
      (e) => e.title === "Create organization profile",
    )!;
    await emulator.control.reset(example.before);
    const reply = await call<WireProfile>(emulator, "POST", example.path, {
      body: example.body,
    });
    expect(reply.status).toBe(200);
    expect(reply.body.customers).toHaveLength(2);
    expect(reply.body.entitlements.map((e) => e.product.name)).toEqual([
      "Acme Widget",
      "Acme Gadget",
    ]);
    const fetched = await call(
      emulator,
      "GET",
      `organization/profile/${reply.body.id}`,
    );
    expect(fetched.body).toEqual(reply.body);
  });
});
