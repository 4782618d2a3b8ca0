import type { Desired } from "../model/desired.js";
import { isProductId } from "../model/product-ref.js";

/** True when some manifest names a product by name, so the product list must be read. */
export function needsProductList(desired: Desired): boolean {
  return desired.organizations.some(
    (organization) =>
      organization.products?.items.some((ref) => !isProductId(ref)) ?? false,
  );
}
