import type { LimitFunction } from "p-limit";

import type { CsmReader } from "../api/types.js";
import { OrgsyncError } from "../util/errors.js";
import type { LiveProduct } from "../model/live.js";

/** The largest page the product list serves. */
const PRODUCT_PAGE_SIZE = 100;

/** Every product on the site, page by page (each page needs the previous page's cursor). */
export async function readProducts(
  client: CsmReader,
  options: {
    signal?: AbortSignal;
    /** Each page request waits for a slot of this limiter (shared with other reads). */
    limit?: LimitFunction;
    /** Called after each page. */
    onPage?: (page: { read: number; more: boolean }) => void;
  } = {},
): Promise<LiveProduct[]> {
  const products: LiveProduct[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let read = 1; ; read += 1) {
    const request = {
      limit: PRODUCT_PAGE_SIZE,
      ...(cursor === undefined ? {} : { cursor }),
    };
    const callOptions =
      options.signal === undefined ? {} : { signal: options.signal };
    const page = await (options.limit === undefined
      ? client.listProducts(request, callOptions)
      : options.limit(() => client.listProducts(request, callOptions)));
    for (const product of page.results)
      products.push({ id: product.id, name: product.name });
    const next = page.nextPageCursor ?? undefined;
    const more = next !== undefined && next !== "";
    options.onPage?.({ read, more });
    if (!more) return products;
    if (seen.has(next))
      throw new OrgsyncError(
        "E_API_PAGING",
        `GET product answered the page cursor ${JSON.stringify(next)} twice; the product list would never end`,
        { hint: "run with --debug and report it" },
      );
    seen.add(next);
    cursor = next;
  }
}
