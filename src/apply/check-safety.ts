import { isDestructive } from "../plan/is-destructive.js";
import type { Change, Plan } from "../plan/types.js";
import type { Refusal, SafetyOptions } from "./types.js";

/** The default of `--max-deletes`. */
const DEFAULT_MAX_DELETES = 10;

/**
 * True for the changes `--max-deletes` counts: every delete, and every replace (it deletes a
 * field with all its values before creating the new one).
 */
function isDelete(change: Change): boolean {
  return change.action === "delete" || change.action === "replace";
}

/**
 * Why apply must not start, before any call: destructive changes without `--allow-delete`
 * (`--allow-replace` for replacements), and more deletes than `--max-deletes` without
 * `--force`. Pure; an empty list means apply may go on.
 */
export function checkSafety(
  plan: Plan,
  options: SafetyOptions = {},
): Refusal[] {
  const maxDeletes = options.maxDeletes ?? DEFAULT_MAX_DELETES;
  const refusals: Refusal[] = [];

  // Judged from what each change does, not from its flag alone (a saved plan can be edited).
  const replaces = plan.changes.filter((change) => change.action === "replace");
  const otherDestructive = plan.changes.filter(
    (change) => isDestructive(change) && change.action !== "replace",
  );
  if (otherDestructive.length > 0 && options.allowDelete !== true) {
    refusals.push({
      kind: "delete",
      flag: "--allow-delete",
      addresses: otherDestructive.map((change) => change.address),
      message: `${count(otherDestructive.length, "destructive change")} need${otherDestructive.length === 1 ? "s" : ""} --allow-delete:`,
    });
  }
  if (replaces.length > 0 && options.allowReplace !== true) {
    refusals.push({
      kind: "replace",
      flag: "--allow-replace",
      addresses: replaces.map((change) => change.address),
      message: `${count(replaces.length, "field replacement")} (type change, every stored value is lost) need${replaces.length === 1 ? "s" : ""} --allow-replace:`,
    });
  }

  const deletes = plan.changes.filter(isDelete);
  if (deletes.length > maxDeletes && options.force !== true) {
    refusals.push({
      kind: "max-deletes",
      flag: "--force",
      addresses: deletes.map((change) => change.address),
      message: `the plan deletes ${deletes.length} objects, more than --max-deletes ${maxDeletes}; pass --force (or a higher --max-deletes) to go on:`,
    });
  }
  return refusals;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
