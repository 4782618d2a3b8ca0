import type { Change } from "./types.js";

/**
 * Whether applying a change loses data that cannot be restored, judged only from what the
 * change does, never from its `destructive` flag: a saved plan is a file anyone can edit, and
 * apply's consent rails must not trust a flag turned off by hand. Deletes and replaces always
 * are; so is a field edit that removes options (the site drops them from stored values).
 * Apply calls it on a saved plan whose field `before` was re-read, so it judges live → after.
 */
export function isDestructive(change: Change): boolean {
  if (change.action === "delete" || change.action === "replace") return true;
  if (change.resource !== "field" || !change.before || !change.after) {
    return false;
  }
  const kept = new Set(change.after.options ?? []);
  return (change.before.options ?? []).some((option) => !kept.has(option));
}
