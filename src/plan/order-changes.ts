import type { Change } from "./types.js";

/**
 * The stage of a change in apply order. Fields come first so that organizations can use
 * them; renames free their old names before creates; deletes come last, entitlements before
 * their organizations and organizations before the fields whose values they hold, so that
 * a plan stopped half-way has lost as little as possible.
 */
function stageOf(change: Change): number {
  switch (change.resource) {
    case "field":
      return change.action === "delete" ? 6 : 0;
    case "organization":
      if (change.action === "create") return 2;
      return change.action === "delete" ? 5 : 1;
    case "detail":
      return 3;
    case "entitlement":
      return change.action === "delete" ? 4 : 3;
  }
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The changes in a valid apply order: by stage, then by address. The address order keeps
 * the changes of one organization together and makes the plan independent of the order the
 * manifests or the site listed things in.
 */
export function orderChanges(changes: readonly Change[]): Change[] {
  return changes
    .map((change) => ({ change, stage: stageOf(change) }))
    .sort(
      (a, b) => a.stage - b.stage || byText(a.change.address, b.change.address),
    )
    .map(({ change }) => change);
}
