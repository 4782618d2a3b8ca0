import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import type { SourceLocation } from "../../src/model/index.js";
import type {
  DetailChange,
  DetailState,
  EntitlementChange,
  EntitlementState,
  FieldChange,
  FieldState,
  OrganizationChange,
  OrganizationState,
  Plan,
  PlanSummary,
  PlanTarget,
  ProductRef,
  Unsupported,
} from "../../src/plan/index.js";

interface SchemaNode {
  properties?: Record<string, unknown>;
}
const schema = JSON.parse(
  readFileSync(
    new URL("../../schema/plan.schema.json", import.meta.url),
    "utf8",
  ),
) as SchemaNode & { definitions: Record<string, SchemaNode> };

const source: Required<SourceLocation> = { file: "f", line: 1, column: 1 };
const base = {
  address: "a",
  action: "create" as const,
  destructive: false,
  liveDigest: "d",
  dependsOn: [],
  source,
  note: "n",
};

/**
 * One sample of each type with every property present: `Required<T>` makes the compiler
 * refuse a sample that misses a property, and the test refuses a schema that lists other
 * properties. Adding a property on one side only fails here.
 */
const samples: Record<string, object> = {
  SourceLocation: source,
  FieldState: {
    name: "n",
    type: "t",
    options: [],
  } satisfies Required<FieldState>,
  ProductRef: { id: "i", name: "n" } satisfies Required<ProductRef>,
  OrganizationState: {
    name: "n",
    details: [],
    products: [],
    customers: [],
  } satisfies Required<OrganizationState>,
  DetailState: { values: [] } satisfies Required<DetailState>,
  EntitlementState: {
    productId: "p",
    productName: "n",
    entitlementId: "e",
  } satisfies Required<EntitlementState>,
  FieldChange: {
    ...base,
    resource: "field",
    before: null,
    after: null,
  } satisfies Required<FieldChange>,
  OrganizationChange: {
    ...base,
    resource: "organization",
    organizationId: "o",
    before: null,
    after: null,
  } satisfies Required<OrganizationChange>,
  DetailChange: {
    ...base,
    resource: "detail",
    organizationId: "o",
    organizationName: "n",
    fieldName: "f",
    before: null,
    after: null,
  } satisfies Required<DetailChange>,
  EntitlementChange: {
    ...base,
    resource: "entitlement",
    organizationId: "o",
    organizationName: "n",
    before: null,
    after: null,
  } satisfies Required<EntitlementChange>,
  Unsupported: {
    address: "a",
    reason: "r",
    source,
  } satisfies Required<Unsupported>,
};

const keys = (value: object | undefined) => Object.keys(value ?? {}).sort();

describe("schema/plan.schema.json and src/plan/types.ts", () => {
  it.each(Object.keys(samples))("agree on the properties of %s", (name) => {
    expect(keys(schema.definitions[name]?.properties)).toEqual(
      keys(samples[name]),
    );
  });

  it("agree on the properties of the plan and its summary", () => {
    const summary: Required<PlanSummary> = {
      create: 0,
      update: 0,
      rename: 0,
      delete: 0,
      replace: 0,
    };
    const plan: Required<Plan> = {
      formatVersion: 1,
      orgsyncVersion: "v",
      createdAt: "t",
      target: {
        baseUrl: "u",
        serviceDeskBaseUrl: "s",
      } satisfies Required<PlanTarget>,
      changes: [],
      unsupported: [],
      unmanaged: [{ id: "1", name: "n", scimManaged: false }],
      summary,
    };
    expect(keys(schema.properties)).toEqual(keys(plan));
    const nested = schema.properties as Record<string, SchemaNode>;
    expect(keys(nested.summary?.properties)).toEqual(keys(summary));
    expect(keys(nested.target?.properties)).toEqual(keys(plan.target));
    const unmanaged = (nested.unmanaged as { items?: SchemaNode } | undefined)
      ?.items;
    expect(keys(unmanaged?.properties)).toEqual(keys(plan.unmanaged[0]));
  });
});
