import type { Desired } from "../model/desired.js";
import type { Live } from "../model/live.js";
import { orderChanges } from "./order-changes.js";
import { planEntityFields } from "./plan-entity-fields.js";
import { planNeedsServiceDesk } from "./needs-service-desk.js";
import { planFields } from "./plan-fields.js";
import { PlanInputError } from "./plan-input-error.js";
import { planOrganizations } from "./plan-organizations.js";
import { planUndeclared } from "./plan-undeclared.js";
import { sequenceRenames } from "./sequence-renames.js";
import { summarizeChanges } from "./summarize-changes.js";
import type { Plan, PlanTarget } from "./types.js";

/** What a plan records besides the difference itself. The planner reads no clock. */
export interface PlanOptions {
  /** ISO timestamp the plan is stamped with (`createdAt`). */
  readonly now: string;
  /** The orgsync version that made the plan. */
  readonly orgsyncVersion: string;
  /** The site the live state was read from. */
  readonly target: PlanTarget;
}

/**
 * The changes that make the live site match the manifests, as plain data: a pure function
 * of its arguments (no I/O, no clock), the same plan for the same input whatever order the
 * manifests or the site listed things in. Only what the manifests name is managed.
 *
 * @throws PlanInputError (`E_PLAN_INPUT`) listing every way the manifests do not fit the
 *   live site (an unknown product, a previous name two entries claim...), each at the
 *   `file:line:col` of the object that has it.
 */
export function plan(desired: Desired, live: Live, options: PlanOptions): Plan {
  const fields = planFields(desired.fields, live.fields, live.organizations);
  const entities = planEntityFields(desired, live);
  const organizations = planOrganizations(
    desired.organizations,
    live,
    fields,
    entities.entitlement,
  );
  const entityPlans = Object.values(entities);
  const undeclared = planUndeclared(desired, live);
  const renames = sequenceRenames(
    [...organizations.changes, ...undeclared.changes],
    live.organizations,
  );
  const problems = [
    ...fields.problems,
    ...entityPlans.flatMap((entity) => entity.problems),
    ...organizations.problems,
    ...renames.problems,
    ...undeclared.problems,
  ];
  if (problems.length > 0) throw new PlanInputError(problems);

  const changes = orderChanges([
    ...fields.changes,
    ...entityPlans.flatMap((entity) => entity.changes),
    ...renames.changes,
  ]);
  const unsupported = [
    ...organizations.unsupported,
    ...undeclared.unsupported,
  ].sort((a, b) =>
    a.address < b.address ? -1 : a.address > b.address ? 1 : 0,
  );
  const { serviceDeskBaseUrl, ...csm } = options.target;
  const { unmanaged } = undeclared;
  const sd = planNeedsServiceDesk({
    changes,
    ...(unmanaged ? { unmanaged } : {}),
  });
  return {
    formatVersion: changes.some(
      (change) =>
        "entity" in change ||
        change.resource === "entitlementDetail" ||
        change.resource === "customer" ||
        change.resource === "serviceDesk",
    )
      ? 2
      : 1,
    orgsyncVersion: options.orgsyncVersion,
    createdAt: options.now,
    target: {
      ...csm,
      ...(sd && serviceDeskBaseUrl !== undefined ? { serviceDeskBaseUrl } : {}),
    },
    changes,
    unsupported,
    ...(unmanaged ? { unmanaged } : {}),
    summary: summarizeChanges(changes),
  };
}
