import { rootAddress } from "../model/address.js";
import { summarizeChanges } from "./summarize-changes.js";
import type { Change, Plan } from "./types.js";

/** Which changes of a plan to keep, by address glob (`--target` / `--exclude`). */
export interface ChangeSelection {
  /** Keep only changes matching one of these, plus what they depend on. @default all */
  readonly target?: readonly string[];
  /** Leave out changes matching one of these, and every change that depends on them. */
  readonly exclude?: readonly string[];
}

/**
 * An address glob as a test. `*` matches any run of characters inside one quoted name (it
 * never crosses the closing quote); `**` matches anything at all, across names and parts.
 * Everything else is literal, and matching ignores case, as names do. A pattern also
 * matches every change inside the object it names: `organization["Acme*"]` selects the
 * organizations whose names start with Acme together with their details and products.
 */
export function compileAddressGlob(
  pattern: string,
): (address: string) => boolean {
  const source = pattern
    .split(/(\*\*|\*)/)
    .map((piece) => {
      if (piece === "**") return ".*";
      if (piece === "*") return '(?:[^"\\\\]|\\\\.)*';
      return piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  const regex = new RegExp(`^(?:${source})$`, "is");
  return (address) =>
    regex.test(address) ||
    (rootAddress(address) !== address && regex.test(rootAddress(address)));
}

/**
 * The plan restricted to the selected changes, like `terraform -target`: with `target`,
 * the matching changes and, transitively, every change they depend on; then without the
 * changes `exclude` matches and, transitively, every change that depends on one of them (a
 * change is never kept without its prerequisites). Unsupported entries are filtered by the
 * same patterns. The order is kept and the summary recomputed.
 */
export function selectChanges(plan: Plan, selection: ChangeSelection): Plan {
  const targets = (selection.target ?? []).map(compileAddressGlob);
  const excludes = (selection.exclude ?? []).map(compileAddressGlob);
  const matchesAny = (
    tests: ((address: string) => boolean)[],
    address: string,
  ) => tests.some((test) => test(address));
  const byAddress = new Map(
    plan.changes.map((change) => [change.address, change]),
  );

  let kept: Set<Change>;
  if (targets.length === 0) {
    kept = new Set(plan.changes);
  } else {
    kept = new Set();
    const pending = plan.changes.filter((change) =>
      matchesAny(targets, change.address),
    );
    while (pending.length > 0) {
      const change = pending.pop();
      if (!change || kept.has(change)) continue;
      kept.add(change);
      for (const address of change.dependsOn) {
        const prerequisite = byAddress.get(address);
        if (prerequisite && !orderOnly(change, prerequisite)) {
          pending.push(prerequisite);
        }
      }
    }
  }

  if (excludes.length > 0) {
    const dropped = new Set<string>();
    // Plans list prerequisites first, so one pass sees every dropped prerequisite in time.
    for (const change of plan.changes) {
      if (
        matchesAny(excludes, change.address) ||
        change.dependsOn.some(
          (address) =>
            dropped.has(address) && !orderOnly(change, byAddress.get(address)),
        )
      ) {
        dropped.add(change.address);
        kept.delete(change);
      }
    }
  }

  const keptAddresses = new Set([...kept].map((change) => change.address));
  const changes = plan.changes
    .filter((change) => kept.has(change))
    .map((change) =>
      // An ordering left out with the change it waited for no longer applies.
      change.dependsOn.every((address) => keptAddresses.has(address))
        ? change
        : {
            ...change,
            dependsOn: change.dependsOn.filter((address) =>
              keptAddresses.has(address),
            ),
          },
    );
  const unsupported = plan.unsupported.filter(
    (entry) =>
      (targets.length === 0 || matchesAny(targets, entry.address)) &&
      !matchesAny(excludes, entry.address),
  );
  return { ...plan, changes, unsupported, summary: summarizeChanges(changes) };
}

/**
 * True when `change` waits for `prerequisite` only to keep an order, not because it needs
 * it: new fields are created one after another so that the site lists them in manifest
 * order (plan-fields.ts), but no field needs another to exist. Such an order neither pulls
 * the earlier create into a `--target`ed plan nor drops the later one with an `--exclude`d
 * earlier one.
 */
function orderOnly(change: Change, prerequisite: Change | undefined): boolean {
  return (
    change.resource === "field" &&
    change.action === "create" &&
    prerequisite?.resource === "field" &&
    prerequisite.action === "create"
  );
}

/**
 * The patterns of a selection that match no change and no unsupported entry of the plan,
 * so the CLI can warn about a `--target` that selects nothing (a typo, or `*` written
 * outside the quotes of a name).
 */
export function unmatchedPatterns(
  plan: Plan,
  selection: ChangeSelection,
): string[] {
  const addresses = [
    ...plan.changes.map((change) => change.address),
    ...plan.unsupported.map((entry) => entry.address),
  ];
  return [...(selection.target ?? []), ...(selection.exclude ?? [])].filter(
    (pattern) => {
      const test = compileAddressGlob(pattern);
      return !addresses.some((address) => test(address));
    },
  );
}

/**
 * The pattern with the names in its brackets quoted, when it looks like what a shell leaves
 * of an unquoted `organization["Acme"]` (`organization[Acme]`: the shell removes the double
 * quotes); undefined when every bracket already holds a quoted name.
 */
export function requoteAddressGlob(pattern: string): string | undefined {
  const unquoted = /\[([^\]"]+)\]/g;
  if (!unquoted.test(pattern)) return undefined;
  return pattern.replace(unquoted, '["$1"]');
}
