import type { Plan } from "./types.js";

/**
 * Whether the plan was made with the service desk API (it listed every organization) or has
 * changes only that API makes: only then does it record the service desk root, and apply
 * require the same one. A plan of the CSM API alone applies wherever its CSM root does.
 */
export function planNeedsServiceDesk(
  plan: Pick<Plan, "changes" | "unmanaged">,
): boolean {
  return (
    plan.unmanaged !== undefined ||
    plan.changes.some(
      (change) =>
        change.resource === "customer" || change.resource === "serviceDesk",
    )
  );
}
