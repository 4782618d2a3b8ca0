import type { Change, PlanSummary } from "./types.js";

/** Counts of changes by action, every action present (zero when none). */
export function summarizeChanges(changes: readonly Change[]): PlanSummary {
  const summary = { create: 0, update: 0, rename: 0, delete: 0, replace: 0 };
  for (const change of changes) summary[change.action] += 1;
  return summary;
}
