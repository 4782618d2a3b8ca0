import { formatLocation } from "../model/index.js";
import type { DriftItem, DriftKind, DriftState } from "./drift-item.js";
import type { IgnoreEntry } from "./ignore-file.js";

/** The words each kind of drift is shown with. */
export const KIND_LABELS: Readonly<Record<DriftKind, string>> = {
  "value-differs": "value differs",
  "missing-on-site": "missing on site",
  "unexpected-on-site": "unexpected on site",
  renamed: "renamed on site",
  "type-differs": "type differs",
  unsupported: "differs (the API cannot change it)",
};

/** The symbol of each kind, as the plan shows the change that would undo it. */
export const KIND_SYMBOLS: Readonly<Record<DriftKind, string>> = {
  "value-differs": "~",
  "missing-on-site": "+",
  "unexpected-on-site": "-",
  renamed: "~",
  "type-differs": "±",
  unsupported: "!",
};

/**
 * The part of an address below its object (`detail["Region"]` of
 * `organization["Acme"].detail["Region"]`), or the whole address for the object itself.
 */
export function relativeAddress(item: DriftItem): string {
  if (item.address === item.object) return item.address;
  return item.address.slice(item.object.length).replace(/^\./, "");
}

const quoteAll = (values: readonly string[]): string =>
  values.length === 0
    ? "(no value)"
    : values.map((value) => JSON.stringify(value)).join(", ");

/**
 * One side of a drift item in words, with every name and value JSON-quoted so that empty
 * text and surrounding spaces show. Not yet escaped for any medium: renderers do that.
 */
export function describeSide(
  item: DriftItem,
  side: "manifest" | "live",
): string {
  const state = item[side];
  if (item.kind === "renamed") return state ? nameOf(state) : "(none)";
  if (state === null) return absentText(item, side);
  switch (item.resource) {
    case "field":
      return describeField(state);
    case "detail":
      return quoteAll("values" in state ? state.values : []);
    case "customer":
      return "a customer";
    case "serviceDesk":
      return "linked";
    case "entitlementDetail":
      return quoteAll("values" in state ? state.values : []);
    case "entitlement":
      return "productName" in state
        ? `entitled to ${JSON.stringify(state.productName)}`
        : "entitled";
    case "organization":
      return "present";
    case "other":
      return "(see note)";
  }
}

function absentText(item: DriftItem, side: "manifest" | "live"): string {
  if (item.resource === "other") return "(see note)";
  if (item.resource === "detail" || item.resource === "entitlementDetail")
    return "(no value)";
  if (side === "manifest") {
    return item.kind === "unexpected-on-site"
      ? "absent (to be removed)"
      : "(not managed)";
  }
  return "absent";
}

function nameOf(state: DriftState): string {
  return "name" in state ? JSON.stringify(state.name) : "(unnamed)";
}

function describeField(state: DriftState): string {
  if (!("type" in state)) return nameOf(state);
  const options =
    "options" in state && state.options
      ? ` with options ${quoteAll(state.options)}`
      : "";
  return `${String(state.type)}${options}`;
}

/** `file:line:col`, or an empty string when the manifests did not write the item. */
export function sourceText(item: DriftItem): string {
  return item.source ? formatLocation(item.source) : "";
}

/** An ignore entry in one line: its address glob, last day, reason, author and place. */
export function describeEntry(entry: IgnoreEntry): string {
  const by = entry.by ? ` by ${entry.by}` : "";
  return `${entry.address} (until ${entry.expires}${by}, ${formatLocation(entry.source)}): ${entry.reason}`;
}

/** Items grouped by their object, objects in order of first appearance. */
export function byObject<T extends DriftItem>(
  items: readonly T[],
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.object);
    if (group) group.push(item);
    else groups.set(item.object, [item]);
  }
  return groups;
}
