import type {
  ListedOrganization,
  OtherEntity,
  SourceLocation,
} from "../model/index.js";

/**
 * The plan: the exact list of changes apply will make, as plain data. It is the saved-plan
 * file (`schema/plan.schema.json`) and the input of every renderer and of the applier.
 */
export interface Plan {
  /**
   * Bumped on any incompatible change of this shape; apply refuses other versions. A plan
   * that changes entitlement or customer fields or entitlement values, customers or service
   * desk links is version 2 (an older orgsync would misapply it); any other plan stays
   * version 1, which every orgsync applies.
   */
  readonly formatVersion: 1 | 2;
  readonly orgsyncVersion: string;
  /** ISO timestamp, passed in by the caller (the planner reads no clock). */
  readonly createdAt: string;
  /** The site the live state was read from; apply refuses a plan made for another. */
  readonly target: PlanTarget;
  /** In a valid apply order: every change comes after the changes it depends on. */
  readonly changes: readonly Change[];
  /** Differences the CSM API cannot make; shown, never applied, never silently dropped. */
  readonly unsupported: readonly Unsupported[];
  /**
   * The site's organizations no manifest declares (by id, name or previous name); present
   * only when every organization was listed (`--show-unmanaged`, `pruneOrganizations`).
   */
  readonly unmanaged?: readonly ListedOrganization[];
  readonly summary: PlanSummary;
}

export interface PlanTarget {
  /** The API root, e.g. `https://api.atlassian.com/jsm/csm/cloudid/<id>/api/v1/`. */
  readonly baseUrl: string;
  /** The service desk API root, when the plan used it (`planNeedsServiceDesk`); apply then requires the same. */
  readonly serviceDeskBaseUrl?: string;
}

export type ChangeAction =
  "create" | "update" | "rename" | "delete" | "replace";

/** Counts of changes by action. */
export type PlanSummary = Readonly<Record<ChangeAction, number>>;

/** What every change carries. */
interface ChangeBase<R extends string, S> {
  /** e.g. `organization["Acme Corp"].detail["Region"]`; unique within a plan. */
  readonly address: string;
  readonly resource: R;
  readonly action: ChangeAction;
  /** True when applying it loses data that cannot be restored. */
  readonly destructive: boolean;
  /** The live state of the object (null for a create). */
  readonly before: S | null;
  /** The desired state of the object (null for a delete). */
  readonly after: S | null;
  /**
   * `digestOf` the live object this change was computed from (`fieldDigest` /
   * `organizationDigest`; the digest of absence for creates). Informative only: apply checks
   * `before` against a fresh read (`compareBefore`), never this digest.
   */
  readonly liveDigest: string;
  /** Addresses of changes that must be applied first. */
  readonly dependsOn: readonly string[];
  /** Where the desired state of this object was written, when a manifest wrote it. */
  readonly source?: SourceLocation;
  /** One line for reviewers, e.g. "12 of 40 organizations read hold values in this field". */
  readonly note?: string;
}

/** A detail field definition as a plan shows it. */
export interface FieldState {
  readonly name: string;
  readonly type: string;
  readonly options?: readonly string[];
}

/**
 * A detail field change. create: POST; update/rename: one PUT `details/{before.name}` with
 * the new name and options; delete: DELETE `details/{before.name}`; replace (a type change):
 * DELETE then POST, destroying every stored value.
 */
export interface FieldChange extends ChangeBase<"field", FieldState> {
  /** Whose field: absent for organizations; the calls are the same under `entity/details`. */
  readonly entity?: OtherEntity;
}

/** An organization as a plan shows it. */
export interface OrganizationState {
  readonly name: string;
  /** On create: the details sent with the profile. */
  readonly details?: readonly {
    readonly name: string;
    readonly values: readonly string[];
  }[];
  /** On create: the products to entitle, resolved to ids. */
  readonly products?: readonly ProductRef[];
  /** On create: customer ids to associate. */
  readonly customers?: readonly string[];
}

export interface ProductRef {
  readonly id: string;
  readonly name: string;
}

/**
 * An organization change. create: one profile POST with its details, products and customers;
 * rename: PUT `organization/{id}`; delete: DELETE `organization/{id}`.
 */
export interface OrganizationChange extends ChangeBase<
  "organization",
  OrganizationState
> {
  /** The live id; absent only on create. */
  readonly organizationId?: string;
}

/** The values of one detail of one organization; an empty list means "no value". */
export interface DetailState {
  readonly values: readonly string[];
}

/** Sets (or clears) one detail value: PUT `organization/{id}/details?fieldName=...`. */
export interface DetailChange extends ChangeBase<"detail", DetailState> {
  readonly organizationId: string;
  readonly organizationName: string;
  /** The field name to send: the field's name after any rename in the same plan. */
  readonly fieldName: string;
}

/** An entitlement as a plan shows it. */
export interface EntitlementState {
  readonly productId: string;
  readonly productName: string;
  /** The live entitlement's id; present on delete. */
  readonly entitlementId?: string;
}

/** create: POST `organization/{id}/entitlement`; delete: DELETE `entitlement/{id}`. */
export interface EntitlementChange extends ChangeBase<
  "entitlement",
  EntitlementState
> {
  readonly organizationId: string;
  readonly organizationName: string;
}

/** A customer of an organization: `{ accountId }`, opaque (`qm:…` or an Atlassian account id). */
export interface CustomerState {
  readonly accountId: string;
}

/**
 * Sets (or clears) one detail value of an organization's entitlement to a product:
 * PUT `entitlement/{entitlementId}/details?fieldName=...`.
 */
export interface EntitlementDetailChange extends ChangeBase<
  "entitlementDetail",
  DetailState
> {
  readonly organizationName: string;
  /** Absent when this plan creates the organization: apply learns it from the create's answer. */
  readonly organizationId?: string;
  readonly productId: string;
  readonly productName: string;
  /** Absent when this plan makes the entitlement: apply learns it from the create's answer. */
  readonly entitlementId?: string;
  /** The entitlement field name to send: the field's name after any rename in the same plan. */
  readonly fieldName: string;
}

export type Change =
  | FieldChange
  | OrganizationChange
  | DetailChange
  | EntitlementChange
  | EntitlementDetailChange
  | CustomerChange
  | ServiceDeskChange;

/**
 * create: the customer is added to an existing organization, delete: removed from it
 * (`pruneCustomers`), through the service desk API (`organization/{id}/user`, at most 50 ids a
 * call: apply batches the changes of one organization).
 */
export interface CustomerChange extends ChangeBase<"customer", CustomerState> {
  readonly organizationId: string;
  readonly organizationName: string;
}

/** A service desk the organization can raise requests in, by key or id as written. */
export interface ServiceDeskState {
  readonly serviceDesk: string;
}

/**
 * create: POST, delete: DELETE `servicedesk/{serviceDesk}/organization` (service desk API).
 * Removing a link revokes access, so a delete is destructive.
 */
export interface ServiceDeskChange extends ChangeBase<
  "serviceDesk",
  ServiceDeskState
> {
  /** Absent when the organization is created in the same plan: apply looks it up by name. */
  readonly organizationId?: string;
  readonly organizationName: string;
}

/** A difference the API cannot make. */
export interface Unsupported {
  readonly address: string;
  readonly reason: string;
  readonly source?: SourceLocation;
}
