import {
  customersAddress,
  indexByName,
  nameKey,
  rootAddress,
  type Desired,
  type Live,
  type SourceLocation,
} from "../model/index.js";
import type {
  Change,
  DetailState,
  EntitlementState,
  FieldState,
  OrganizationState,
  Plan,
  Unsupported,
} from "../plan/index.js";

/**
 * How the site differs from the manifests at one address:
 * - `value-differs`: both hold it, with different values (a detail, a field's options);
 * - `missing-on-site`: the manifests declare it, the site lacks it;
 * - `unexpected-on-site`: the site holds what the manifests say must not be there (a pruned
 *   field or product, an organization with `ensure: absent`);
 * - `renamed`: the site still holds it under one of its `previousNames`;
 * - `type-differs`: a field with the same name has another type on the site;
 * - `unsupported`: a difference the API cannot make (customers of an existing organization).
 */
export type DriftKind =
  | "value-differs"
  | "missing-on-site"
  | "unexpected-on-site"
  | "renamed"
  | "type-differs"
  | "unsupported";

/** The customers of an organization, for an `unsupported` customers difference. */
interface CustomersState {
  readonly customers: readonly string[];
}

/** One side of a drifted object, in the plan's shapes. */
export type DriftState =
  | FieldState
  | OrganizationState
  | DetailState
  | EntitlementState
  | CustomersState;

/** What a drifted object is. */
type DriftResource = Change["resource"] | "customers" | "other";

/** One difference between the manifests and the site. */
export interface DriftItem {
  /** e.g. `organization["Acme Corp"].detail["Region"]`. */
  readonly address: string;
  /** The top-level object the address belongs to, e.g. `organization["Acme Corp"]`. */
  readonly object: string;
  readonly resource: DriftResource;
  readonly kind: DriftKind;
  /** What the manifests say; null when they say it must not exist (or say nothing). */
  readonly manifest: DriftState | null;
  /** What the site holds; null when it lacks the object. */
  readonly live: DriftState | null;
  /** Where the manifests wrote it. */
  readonly source?: SourceLocation;
  /** One line more for people (a plan note, or why the API cannot make the change). */
  readonly note?: string;
}

/** The kind of drift a planned change stands for. */
function kindOfChange(change: Change): DriftKind {
  switch (change.action) {
    case "rename":
      return "renamed";
    case "replace":
      return "type-differs";
    case "create":
      return change.resource === "detail" ? "value-differs" : "missing-on-site";
    case "delete":
      return change.resource === "detail"
        ? "value-differs"
        : "unexpected-on-site";
    case "update":
      return "value-differs";
  }
}

/**
 * Every difference a plan holds, as drift items: each change, then each unsupported
 * difference. An unsupported customers difference carries both lists, looked up in the
 * desired and live state the plan was made from, so the report can show them.
 */
export function driftItems(
  plan: Plan,
  desired: Desired,
  live: Live,
): DriftItem[] {
  const items = plan.changes.map(fromChange);
  if (plan.unsupported.length === 0) return items;
  const customersOf = customersLookup(desired, live);
  const unsupported = plan.unsupported.map((entry) =>
    fromUnsupported(entry, customersOf(entry.address)),
  );
  return [...items, ...unsupported];
}

function fromChange(change: Change): DriftItem {
  return withOptional(
    {
      address: change.address,
      object: rootAddress(change.address),
      resource: change.resource,
      kind: kindOfChange(change),
      manifest: change.after,
      live: change.before,
    },
    change.source,
    change.note,
  );
}

type CustomersSides = {
  manifest: CustomersState;
  live: CustomersState | null;
};

function fromUnsupported(
  entry: Unsupported,
  customers: CustomersSides | undefined,
): DriftItem {
  const base = {
    address: entry.address,
    object: rootAddress(entry.address),
    kind: "unsupported" as const,
  };
  const item: DriftItem = customers
    ? { ...base, resource: "customers", ...customers }
    : { ...base, resource: "other", manifest: null, live: null };
  return withOptional(item, entry.source, entry.reason);
}

/**
 * The manifest's and the site's customers of the organization a customers address names
 * (the site's found under the organization's name or a previous name). Indexes are built
 * once, so a plan with many unsupported entries costs linear time.
 */
function customersLookup(
  desired: Desired,
  live: Live,
): (address: string) => CustomersSides | undefined {
  const byAddress = new Map(
    desired.organizations.map((org) => [customersAddress(org.name), org]),
  );
  const liveIndex = indexByName(live.organizations, (org) => org.name);
  return (address) => {
    const organization = byAddress.get(address);
    if (!organization?.customers) return undefined;
    const found = [organization.name, ...organization.previousNames]
      .map((name) => liveIndex.get(nameKey(name)))
      .find((org) => org !== undefined);
    return {
      manifest: { customers: organization.customers.items },
      live: found ? { customers: found.customers } : null,
    };
  };
}

function withOptional(
  item: DriftItem,
  source: SourceLocation | undefined,
  note: string | undefined,
): DriftItem {
  return {
    ...item,
    ...(source ? { source } : {}),
    ...(note ? { note } : {}),
  };
}
