import type { LiveDetail } from "../model/live.js";
import { nameKey } from "../model/names.js";

/** How many of the organizations read hold values in a field, or hold one of its options. */
export interface HolderCounts {
  /** What holds values: `organization`, `entitlement` or `customer`. */
  readonly noun: string;
  /** The number of organizations (entitlements...) read (only those the manifests name are read). */
  readonly organizationsRead: number;
  /** Organizations read that hold at least one value in the field. */
  holding(fieldName: string): number;
  /** Organizations read whose values in the field include this option. */
  holdingOption(fieldName: string, option: string): number;
}

/**
 * Counts holders of field values among the organizations read. The counts are built on the
 * first question only: most plans never ask, and a big site has many organizations.
 */
export function countHolders(
  organizations: readonly { readonly details: readonly LiveDetail[] }[],
  noun = "organization",
): HolderCounts {
  let byField:
    Map<string, { count: number; options: Map<string, number> }> | undefined;
  const table = () => {
    if (byField) return byField;
    byField = new Map();
    for (const organization of organizations) {
      for (const detail of organization.details) {
        if (detail.values.length === 0) continue;
        const key = nameKey(detail.name);
        let entry = byField.get(key);
        if (!entry) {
          entry = { count: 0, options: new Map() };
          byField.set(key, entry);
        }
        entry.count += 1;
        for (const value of new Set(detail.values)) {
          entry.options.set(value, (entry.options.get(value) ?? 0) + 1);
        }
      }
    }
    return byField;
  };
  return {
    noun,
    organizationsRead: organizations.length,
    holding: (fieldName) => table().get(nameKey(fieldName))?.count ?? 0,
    holdingOption: (fieldName, option) =>
      table().get(nameKey(fieldName))?.options.get(option) ?? 0,
  };
}

/**
 * "3 of the 40 organizations read hold values in this field". Only the organizations the
 * manifests name are read, so others on the site may hold values too; with none read, the
 * count is unknown and the text says so instead of reassuring with a zero.
 */
export function describeHolders(
  held: number,
  read: number,
  noun = "organization",
): string {
  if (read === 0) {
    return `no ${noun}s were read (${noun === "customer" ? "orgsync does not read customers" : "the manifests name none"}), so how many hold values in this field is unknown`;
  }
  return `${held} of the ${read} ${noun}${read === 1 ? "" : "s"} read ${
    held === 1 ? "holds" : "hold"
  } values in this field`;
}
