import { terminalSafeJsonText } from "../util/escape.js";
import type { Plan } from "./types.js";

/**
 * The order keys are written in, wherever they occur: the plan's own keys first, then a
 * change's identity (address, resource, action, destructive), what it acts on, its states,
 * its digest and dependencies, and last the reviewer's extras. Keys not listed (none today)
 * follow in alphabetical order, so the output is stable whatever order objects were built in.
 */
const KEY_ORDER: readonly string[] = [
  "formatVersion",
  "orgsyncVersion",
  "createdAt",
  "target",
  "baseUrl",
  "changes",
  "unsupported",
  "summary",
  "address",
  "resource",
  "entity",
  "action",
  "destructive",
  "organizationId",
  "organizationName",
  "fieldName",
  "before",
  "after",
  "liveDigest",
  "dependsOn",
  "reason",
  "source",
  "note",
  "name",
  "type",
  "options",
  "id",
  "details",
  "values",
  "products",
  "customers",
  "productId",
  "productName",
  "entitlementId",
  "accountId",
  "serviceDesk",
  "file",
  "line",
  "column",
  "create",
  "update",
  "rename",
  "delete",
  "replace",
];
const RANK = new Map(KEY_ORDER.map((key, index) => [key, index]));

function byRank(a: string, b: string): number {
  const ra = RANK.get(a) ?? KEY_ORDER.length;
  const rb = RANK.get(b) ?? KEY_ORDER.length;
  return ra - rb || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The saved-plan file (`schema/plan.schema.json`): pretty-printed with two spaces, keys in
 * a fixed order, a trailing newline. Diffs of two saved plans show only what changed.
 * Control, bidi and zero-width characters in names and values are written as `\uXXXX`
 * escapes (`terminalSafeJsonText`): the same JSON value, safe to show in a terminal or a review.
 */
export function renderJson(plan: Plan): string {
  return `${terminalSafeJsonText(
    JSON.stringify(
      plan,
      (_key, value: unknown) => {
        if (!value || typeof value !== "object" || Array.isArray(value)) {
          return value;
        }
        const ordered: Record<string, unknown> = Object.create(null) as Record<
          string,
          unknown
        >;
        const record = value as Record<string, unknown>;
        for (const key of Object.keys(record).sort(byRank)) {
          ordered[key] = record[key];
        }
        return ordered;
      },
      2,
    ),
  )}\n`;
}
