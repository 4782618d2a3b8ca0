import { createHash } from "node:crypto";

import type { LiveField, LiveOrganization } from "./live.js";
import { lookupFieldType, normalizeValues } from "./field-types.js";

/**
 * JSON with object keys sorted at every level, so equal values always give equal text
 * whatever order their keys were built in.
 */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item && typeof item === "object" && !Array.isArray(item)) {
      const sorted: Record<string, unknown> = Object.create(null) as Record<
        string,
        unknown
      >;
      for (const key of Object.keys(item).sort()) {
        sorted[key] = (item as Record<string, unknown>)[key];
      }
      return sorted;
    }
    return item;
  });
}

/**
 * The digest a saved plan records for each live object it read; `null` stands for "absent".
 * Apply recomputes it from a fresh read and refuses to run when they differ.
 */
export function digestOf(value: unknown): string {
  const text = value === undefined ? "null" : canonicalJson(value);
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The digest of a live detail field, or of its absence. */
export function fieldDigest(field: LiveField | undefined): string {
  if (!field) return digestOf(null);
  const { name, type, options } = field;
  return digestOf({ name, type, options: options ?? null });
}

/**
 * The digest of a live organization, or of its absence. Independent of the order the API
 * lists details, entitlements and customers in, so only a real change alters it.
 */
export function organizationDigest(
  organization: LiveOrganization | undefined,
): string {
  if (!organization) return digestOf(null);
  return digestOf({
    id: organization.id,
    name: organization.name,
    details: organization.details
      .map((detail) => ({
        name: detail.name,
        type: detail.type,
        values: normalizeValues(lookupFieldType(detail.type), detail.values),
      }))
      .sort((a, b) => byText(a.name, b.name)),
    entitlements: organization.entitlements
      .map(({ id, productId }) => ({ id, productId }))
      .sort((a, b) => byText(a.id, b.id)),
    customers: [...organization.customers].sort(byText),
  });
}
