import type { Desired } from "../model/desired.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True when a manifest's product reference is an id rather than a name. Atlassian's product
 * ids are UUIDs (the API documents `productId` "as a UUID"), so anything shaped like a UUID
 * is taken as an id and everything else as a name to resolve through the product list. A
 * product whose NAME looks like a UUID cannot be named; use its id.
 */
export function isProductId(reference: string): boolean {
  return UUID.test(reference.trim());
}

/** True when some manifest names a product by name, so the product list must be read. */
export function needsProductList(desired: Desired): boolean {
  return desired.organizations.some(
    (organization) =>
      organization.products?.items.some((ref) => !isProductId(ref)) ?? false,
  );
}
