import { diffArrays } from "diff";

import { organizationAddress, rootAddress } from "../model/address.js";
import { nameKey } from "../model/names.js";
import type {
  Change,
  ChangeAction,
  FieldChange,
  FieldState,
  OrganizationChange,
  PlanSummary,
} from "./types.js";

/** A change's symbol: + create, ~ update or rename, - delete, ± replace. */
type ChangeSymbol = "+" | "~" | "-" | "±";

/** One line under a change's headline. */
export interface DescriptionLine {
  /** added/removed/kept: an item of a diffed list; info: a fact; note: for reviewers. */
  readonly kind: "added" | "removed" | "kept" | "info" | "note";
  readonly text: string;
}

/** A change as people read it, with every name and value already passed through `escape`. */
export interface ChangeDescription {
  readonly symbol: ChangeSymbol;
  readonly headline: string;
  readonly lines: readonly DescriptionLine[];
  readonly destructive: boolean;
}

const SYMBOLS: Readonly<Record<ChangeAction, ChangeSymbol>> = {
  create: "+",
  update: "~",
  rename: "~",
  delete: "-",
  replace: "±",
};

/** `"US"`, `["A", "B"]` or `(none)`, each value JSON-quoted and escaped. */
function formatValues(
  values: readonly string[],
  escape: (text: string) => string,
): string {
  if (values.length === 0) return "(none)";
  const quoted = values.map((value) => escape(JSON.stringify(value)));
  return quoted.length === 1 ? (quoted[0] ?? "") : `[${quoted.join(", ")}]`;
}

/**
 * Describes one change for people. Renderers differ only in layout and in how text is
 * escaped (`escapeForTerminal` for a terminal or a code block, `escapeMarkdown` for prose),
 * so what a change says is decided here once.
 */
export function describeChange(
  change: Change,
  escape: (text: string) => string,
): ChangeDescription {
  const quote = (text: string) => escape(JSON.stringify(text));
  const address = escape(change.address);
  const symbol = SYMBOLS[change.action];
  const lines: DescriptionLine[] = [];
  let headline = address;
  switch (change.resource) {
    case "field":
      headline = describeField(change, quote, escape, lines);
      break;
    case "organization":
      headline = describeOrganization(change, quote, escape, lines);
      break;
    case "detail":
      headline = `${address}: ${formatValues(change.before?.values ?? [], escape)} → ${formatValues(change.after?.values ?? [], escape)}`;
      break;
    case "entitlement":
      break;
  }
  if (change.note && change.action !== "replace") {
    lines.push({ kind: "note", text: escape(change.note) });
  }
  return { symbol, headline, lines, destructive: change.destructive };
}

function describeField(
  change: FieldChange,
  quote: (text: string) => string,
  escape: (text: string) => string,
  lines: DescriptionLine[],
): string {
  const typeOf = (state: FieldState | null) => escape(state?.type ?? "");
  const { before, after } = change;
  const address = escape(change.address);
  const renamed =
    before !== null &&
    after !== null &&
    (change.action === "rename" ||
      (change.action === "replace" &&
        nameKey(before.name) !== nameKey(after.name)));
  const named = renamed
    ? `field[${quote(before.name)}] → ${quote(after.name)}`
    : address;
  switch (change.action) {
    case "create":
      if (after?.options) {
        lines.push({
          kind: "info",
          text: `options: ${after.options.map(quote).join(", ")}`,
        });
      }
      return `${address} (${typeOf(after)})`;
    case "replace":
      return `${named} must be replaced (${typeOf(before)} → ${typeOf(after)})${change.note ? `: ${escape(change.note)}` : ""}`;
    case "delete":
      return `${address} (${typeOf(before)})`;
    default:
      if (before?.options && after?.options) {
        diffOptions(before.options, after.options, quote, lines);
      }
      return renamed ? named : `${address} (${typeOf(after)})`;
  }
}

/** The option list as a diff (diffArrays of the `diff` package), or nothing if unchanged. */
function diffOptions(
  before: readonly string[],
  after: readonly string[],
  quote: (text: string) => string,
  lines: DescriptionLine[],
): void {
  const parts = diffArrays([...before], [...after]);
  if (parts.every((part) => !part.added && !part.removed)) return;
  lines.push({ kind: "info", text: "options:" });
  for (const part of parts) {
    const kind = part.added ? "added" : part.removed ? "removed" : "kept";
    for (const option of part.value) lines.push({ kind, text: quote(option) });
  }
}

function describeOrganization(
  change: OrganizationChange,
  quote: (text: string) => string,
  escape: (text: string) => string,
  lines: DescriptionLine[],
): string {
  const { before, after } = change;
  if (change.action === "rename" || change.action === "update") {
    return `organization[${quote(before?.name ?? "")}] → ${quote(after?.name ?? "")}`;
  }
  const address = escape(change.address);
  const state = after ?? before;
  for (const detail of state?.details ?? []) {
    lines.push({
      kind: "info",
      text: `${quote(detail.name)}: ${formatValues(detail.values, escape)}`,
    });
  }
  if (state?.products && state.products.length > 0) {
    lines.push({
      kind: "info",
      text: `products: ${state.products.map((product) => quote(product.name)).join(", ")}`,
    });
  }
  if (state?.customers && state.customers.length > 0) {
    lines.push({
      kind: "info",
      text: `customers: ${state.customers.map(quote).join(", ")}`,
    });
  }
  if (change.action === "delete" && before && change.organizationId) {
    // Found under a previous name: say which organization the site will lose.
    const named =
      organizationAddress(before.name) === change.address
        ? ""
        : `named ${quote(before.name)} on the site, `;
    return `${address} (${named}id ${quote(change.organizationId)})`;
  }
  return address;
}

/** Changes grouped by the object they belong to, groups in order of first appearance. */
export function groupByRoot(
  changes: readonly Change[],
): { root: string; changes: Change[] }[] {
  const groups = new Map<string, Change[]>();
  for (const change of changes) {
    const root = rootAddress(change.address);
    const group = groups.get(root);
    if (group) group.push(change);
    else groups.set(root, [change]);
  }
  return [...groups].map(([root, members]) => ({ root, changes: members }));
}

/** `Plan: 2 to create, 3 to update, 1 to rename, 0 to delete, 0 to replace.` */
export function summaryLine(summary: PlanSummary): string {
  return `Plan: ${summary.create} to create, ${summary.update} to update, ${summary.rename} to rename, ${summary.delete} to delete, ${summary.replace} to replace.`;
}

/** The sentence an empty plan renders as. */
const NO_CHANGES = "No changes. The site matches the manifests.";

/**
 * The sentence an empty plan renders as when `--target` / `--exclude` chose part of it: the
 * site may still differ outside the targeted addresses, so it must not read as a green run.
 */
const NO_TARGETED_CHANGES =
  "No changes among the targeted addresses (targeting in effect); the site may still differ outside them: plan without --target and --exclude to see everything.";

/** What an empty plan says: `NO_TARGETED_CHANGES` when targeting chose part of the plan. */
export function noChangesSentence(targeted: boolean | undefined): string {
  return targeted === true ? NO_TARGETED_CHANGES : NO_CHANGES;
}
