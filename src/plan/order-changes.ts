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
    case "customer":
    case "serviceDesk":
      return change.action === "delete" ? 4 : 3;
    case "entitlementDetail":
      return 3;
  }
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The changes in a valid apply order: by stage, then by address, except that a change whose
 * prerequisite would come later (a field create that must wait for a pruned field to make
 * room) is put right after it. The address order keeps the changes of one organization
 * together and makes the plan independent of the order the manifests or the site listed
 * things in.
 */
export function orderChanges(changes: readonly Change[]): Change[] {
  const sorted = changes
    .map((change) => ({ change, stage: stageOf(change) }))
    .sort(
      (a, b) => a.stage - b.stage || byText(a.change.address, b.change.address),
    )
    .map(({ change }) => change);
  if (sorted.every((change) => change.dependsOn.length === 0)) return sorted;

  const byAddress = new Map(sorted.map((change) => [change.address, change]));
  const placed = new Set<string>();
  const ordered: Change[] = [];
  // Prerequisites first, depth-first; the planner makes no cycles (buildSteps checks).
  const place = (change: Change, path: Set<string>): void => {
    if (placed.has(change.address) || path.has(change.address)) return;
    path.add(change.address);
    for (const address of change.dependsOn) {
      const prerequisite = byAddress.get(address);
      if (prerequisite) place(prerequisite, path);
    }
    placed.add(change.address);
    ordered.push(change);
  };
  for (const change of sorted) place(change, new Set());
  return ordered;
}
