const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True when a manifest's product reference is an id rather than a name. Atlassian's product
 * ids are UUIDs (the API documents `productId` "as a UUID"), so anything shaped like a UUID
 * is taken as an id and everything else as a name to resolve through the product list. The
 * live reader reads the product list only when some reference is not an id, and the planner
 * resolves references by the same rule. A product whose NAME looks like a UUID cannot be
 * named; use its id.
 */
export function isProductId(reference: string): boolean {
  return UUID.test(reference.trim());
}

/** The identity of a product id: trimmed and case-folded (UUIDs compare case-insensitively). */
export function idKey(id: string): string {
  return id.trim().toLowerCase();
}
