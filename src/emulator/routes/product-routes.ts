import { badRequest } from "../api-error.js";
import { bodyObject, nonBlankString } from "../body-checks.js";
import { renderProduct } from "../render.js";
import type { Route } from "../route.js";

/** The largest page of `GET product`. */
export const MAX_PRODUCT_PAGE = 100;
/** The page size when `limit` is left out (a guess; Atlassian does not say). */
export const DEFAULT_PRODUCT_PAGE = 50;

/** Cursors are opaque to clients; here they encode the offset of the next page. */
function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString("base64url");
}

function decodeCursor(cursor: string, size: number): number {
  const match = /^offset:(\d{1,9})$/.exec(
    Buffer.from(cursor, "base64url").toString(),
  );
  const offset = match ? Number(match[1]) : Number.NaN;
  if (!(offset >= 0 && offset <= size)) {
    throw badRequest(
      `The cursor "${cursor}" is not one this API gave; pass the nextPageCursor of the previous page.`,
    );
  }
  return offset;
}

function readLimit(text: string | null): number {
  if (text === null) return DEFAULT_PRODUCT_PAGE;
  const limit = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
  if (!(limit >= 1 && limit <= MAX_PRODUCT_PAGE)) {
    throw badRequest(
      `The query parameter limit must be a whole number from 1 to ${MAX_PRODUCT_PAGE}, found "${text}".`,
    );
  }
  return limit;
}

/** Products: create, and list page by page. */
export const PRODUCT_ROUTES: readonly Route[] = [
  {
    method: "GET",
    pattern: ["product"],
    experimental: false,
    write: false,
    handle: ({ state, query }) => {
      const limit = readLimit(query.get("limit"));
      const cursor = query.get("cursor");
      const all = state.products;
      const start = cursor ? decodeCursor(cursor, all.length) : 0;
      const end = start + limit;
      return {
        status: 200,
        body: {
          products: all.slice(start, end).map(renderProduct),
          ...(end < all.length ? { nextPageCursor: encodeCursor(end) } : {}),
        },
      };
    },
  },
  {
    method: "POST",
    pattern: ["product"],
    experimental: false,
    write: true,
    handle: ({ state, body }) => {
      const name = nonBlankString(bodyObject(body), "name");
      return { status: 200, body: renderProduct(state.createProduct(name)) };
    },
  },
];
