import type { LiveProduct } from "../model/live.js";
import { didYouMean } from "../util/did-you-mean.js";
import { nameKey } from "../model/names.js";
import { idKey, isProductId } from "../model/product-ref.js";
import type { ProductRef } from "./types.js";

/** Why a product reference resolves to no product: what is wrong, what was expected. */
interface ProductProblem {
  readonly problem: string;
  readonly expected?: string;
  /** The product name the reference is a near miss of. */
  readonly suggestion?: string;
}

/** Resolves one product reference of a manifest to a product, or says why it cannot. */
export type ProductResolver = (
  reference: string,
) => ProductRef | ProductProblem;

const quote = (text: string): string => JSON.stringify(text);

/**
 * A resolver over the site's products. A reference matches a product id exactly, else a
 * product name as the API compares names (trimmed, case-insensitive). When the products
 * were not read (`undefined`: no manifest names a product by name), a reference that looks
 * like an id is taken as it is, with the id standing in for the unknown name; anything else
 * is a problem, because it cannot be checked.
 */
export function createProductResolver(
  products: readonly LiveProduct[] | undefined,
): ProductResolver {
  if (!products) {
    return (reference) => {
      // UUIDs compare case-insensitively; the API's own are lower case.
      const id = idKey(reference);
      return isProductId(id)
        ? { id, name: id }
        : {
            problem: `product ${quote(reference)} is not a product id, and the site's products were not read to resolve it by name; expected a product id (a UUID), or let the live reader read products`,
          };
    };
  }
  const byId = new Map<string, LiveProduct>();
  const byName = new Map<string, LiveProduct[]>();
  for (const product of products) {
    byId.set(idKey(product.id), product);
    const key = nameKey(product.name);
    byName.set(key, [...(byName.get(key) ?? []), product]);
  }
  return (reference) => {
    const found =
      byId.get(idKey(reference)) ?? unique(byName.get(nameKey(reference)));
    if (found && !("problem" in found)) {
      return { id: found.id, name: found.name };
    }
    if (found)
      return { problem: `product ${quote(reference)} ${found.problem}` };
    if (isProductId(reference)) {
      return {
        problem: `product ${quote(reference)} looks like a product id, but the site has no product with that id; expected the id or name of one of the site's ${products.length} products`,
      };
    }
    const names = products.slice(0, 10).map((product) => quote(product.name));
    const suggestion = didYouMean(
      reference,
      products.map((product) => product.name),
    );
    return {
      problem: `product ${quote(reference)} matches no product id or name on the site`,
      expected: `one of the site's products: ${
        names.length > 0 ? names.join(", ") : "(the site has no products)"
      }${products.length > names.length ? `, … (${products.length} in all)` : ""}`,
      ...(suggestion === undefined ? {} : { suggestion }),
    };
  };
}

function unique(
  matches: readonly LiveProduct[] | undefined,
): LiveProduct | { problem: string } | undefined {
  if (!matches || matches.length === 0) return undefined;
  if (matches.length === 1) return matches[0];
  return {
    problem: `matches ${matches.length} products by name (ids ${matches.map((product) => product.id).join(", ")}); expected the product's id instead`,
  };
}
