import {
  rootAddress,
  type DetailEntity,
  type SourceLocation,
} from "../model/index.js";
import type {
  Change,
  CustomerState,
  DetailState,
  EntitlementState,
  FieldState,
  OrganizationState,
  Plan,
  ServiceDeskState,
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
 * - `unsupported`: a difference the API cannot make.
 */
export type DriftKind =
  | "value-differs"
  | "missing-on-site"
  | "unexpected-on-site"
  | "renamed"
  | "type-differs"
  | "unsupported";

/** One side of a drifted object, in the plan's shapes. */
export type DriftState =
  | FieldState
  | OrganizationState
  | DetailState
  | EntitlementState
  | CustomerState
  | ServiceDeskState;

/** What a drifted object is. */
type DriftResource = Change["resource"] | "other";

/** One difference between the manifests and the site. */
export interface DriftItem {
  /** e.g. `organization["Acme Corp"].detail["Region"]`. */
  readonly address: string;
  /** The top-level object the address belongs to, e.g. `organization["Acme Corp"]`. */
  readonly object: string;
  readonly resource: DriftResource;
  /** A field's entity: `organization`, `entitlement` or `customer` (fields only). */
  readonly entity?: DetailEntity;
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

/** Every difference a plan holds, as drift items: each change, then each unsupported difference. */
export function driftItems(plan: Plan): DriftItem[] {
  return [
    ...plan.changes.map(fromChange),
    ...plan.unsupported.map(fromUnsupported),
  ];
}

function fromChange(change: Change): DriftItem {
  return withOptional(
    {
      address: change.address,
      object: rootAddress(change.address),
      resource: change.resource,
      ...(change.resource === "field"
        ? { entity: change.entity ?? "organization" }
        : {}),
      kind: kindOfChange(change),
      manifest: change.after,
      live: change.before,
    },
    change.source,
    change.note,
  );
}

function fromUnsupported(entry: Unsupported): DriftItem {
  return withOptional(
    {
      address: entry.address,
      object: rootAddress(entry.address),
      kind: "unsupported",
      resource: "other",
      manifest: null,
      live: null,
    },
    entry.source,
    entry.reason,
  );
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
