/** Small builders of plans and changes for the applier's unit tests. */
import {
  detailAddress,
  digestOf,
  fieldAddress,
  organizationAddress,
  productAddress,
} from "../../src/model/index.js";
import type {
  Change,
  ChangeAction,
  DetailChange,
  EntitlementChange,
  FieldChange,
  FieldState,
  OrganizationChange,
  OrganizationState,
  Plan,
} from "../../src/plan/types.js";

const ABSENT = digestOf(null);

export function planOf(changes: Change[]): Plan {
  const summary: Record<ChangeAction, number> = {
    create: 0,
    update: 0,
    rename: 0,
    delete: 0,
    replace: 0,
  };
  for (const change of changes) summary[change.action]++;
  return {
    formatVersion: 1,
    orgsyncVersion: "0.0.0-test",
    createdAt: "2026-01-01T00:00:00.000Z",
    target: { baseUrl: "http://fake.test/api/v1/" },
    changes,
    unsupported: [],
    summary,
  };
}

function field(
  action: ChangeAction,
  before: FieldState | null,
  after: FieldState | null,
  dependsOn: string[] = [],
): FieldChange {
  return {
    address: fieldAddress((after ?? before)!.name),
    resource: "field",
    action,
    destructive: action === "delete" || action === "replace",
    before,
    after,
    liveDigest: ABSENT,
    dependsOn,
  };
}

export const fieldCreate = (
  name: string,
  type = "TEXT",
  options?: string[],
): FieldChange =>
  field("create", null, options ? { name, type, options } : { name, type });

export const fieldRename = (
  from: string,
  to: string,
  type = "TEXT",
  options?: string[],
): FieldChange =>
  field(
    "rename",
    { name: from, type },
    options ? { name: to, type, options } : { name: to, type },
  );

export const fieldDelete = (name: string, type = "TEXT"): FieldChange =>
  field("delete", { name, type }, null);

export const fieldReplace = (
  name: string,
  from: string,
  to: string,
): FieldChange => field("replace", { name, type: from }, { name, type: to });

export function orgCreate(
  name: string,
  state: Omit<OrganizationState, "name"> = {},
  dependsOn: string[] = [],
): OrganizationChange {
  return {
    address: organizationAddress(name),
    resource: "organization",
    action: "create",
    destructive: false,
    before: null,
    after: { name, ...state },
    liveDigest: ABSENT,
    dependsOn,
  };
}

export function orgRename(
  id: string,
  from: string,
  to: string,
): OrganizationChange {
  return {
    address: organizationAddress(to),
    resource: "organization",
    action: "rename",
    destructive: false,
    before: { name: from },
    after: { name: to },
    liveDigest: ABSENT,
    dependsOn: [],
    organizationId: id,
  };
}

export function orgDelete(id: string, name: string): OrganizationChange {
  return {
    address: organizationAddress(name),
    resource: "organization",
    action: "delete",
    destructive: true,
    before: { name },
    after: null,
    liveDigest: ABSENT,
    dependsOn: [],
    organizationId: id,
  };
}

export function detailSet(
  id: string,
  org: string,
  fieldName: string,
  values: string[],
  dependsOn: string[] = [],
): DetailChange {
  return {
    address: detailAddress(org, fieldName),
    resource: "detail",
    action: "update",
    destructive: false,
    before: { values: [] },
    after: { values },
    liveDigest: ABSENT,
    dependsOn,
    organizationId: id,
    organizationName: org,
    fieldName,
  };
}

export function entitlementCreate(
  id: string,
  org: string,
  productId: string,
  productName: string,
): EntitlementChange {
  return {
    address: productAddress(org, productName),
    resource: "entitlement",
    action: "create",
    destructive: false,
    before: null,
    after: { productId, productName },
    liveDigest: ABSENT,
    dependsOn: [],
    organizationId: id,
    organizationName: org,
  };
}

export function entitlementDelete(
  id: string,
  org: string,
  entitlementId: string,
  productId: string,
  productName: string,
): EntitlementChange {
  return {
    address: productAddress(org, productName),
    resource: "entitlement",
    action: "delete",
    destructive: true,
    before: { productId, productName, entitlementId },
    after: null,
    liveDigest: ABSENT,
    dependsOn: [],
    organizationId: id,
    organizationName: org,
  };
}

/** The same change with other dependencies. */
export function after<C extends Change>(change: C, ...dependsOn: string[]): C {
  return { ...change, dependsOn };
}
