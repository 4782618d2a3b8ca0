import { badRequest } from "../api-error.js";
import { bodyObject, nonBlankString } from "../body-checks.js";
import { renderProduct } from "../render.js";
import type { Route } from "../route.js";

/**
 * The largest page of `GET product`, and the page size used "if not specified or value given
 * is less than 1 or greater than 100" (Atlassian's product reference page).
 */
const MAX_PRODUCT_PAGE = 100;

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

/** The page size asked for; outside 1..100 (or not a number) means 100, as documented. */
function readLimit(text: string | null): number {
  const limit = text !== null && /^\d{1,9}$/.test(text) ? Number(text) : 0;
  return limit >= 1 && limit <= MAX_PRODUCT_PAGE ? limit : MAX_PRODUCT_PAGE;
}

/** Products: create, list page by page, rename and delete. */
export const PRODUCT_ROUTES: readonly Route[] = [
  {
    method: "GET",
    pattern: ["product"],
    experimental: false,
    write: false,
    handle: ({ state, query, dialect }) => {
      const limit = readLimit(query.get("limit"));
      const cursor = query.get("cursor");
      const all = state.products;
      const start = cursor ? decodeCursor(cursor, all.length) : 0;
      const end = start + limit;
      return {
        status: 200,
        body: {
          results: all.slice(start, end).map(renderProduct),
          // The last page has no cursor: absent, or null (both are documented).
          ...(end < all.length
            ? { nextPageCursor: encodeCursor(end) }
            : dialect === "lenient"
              ? { nextPageCursor: null }
              : {}),
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
  {
    method: "PUT",
    pattern: ["product", ":"],
    experimental: false,
    write: true,
    handle: ({ state, params, body }) => {
      const name = nonBlankString(bodyObject(body), "name");
      return {
        status: 200,
        body: renderProduct(state.renameProduct(params[0]!, name)),
      };
    },
  },
  {
    method: "DELETE",
    pattern: ["product", ":"],
    experimental: false,
    write: true,
    handle: ({ state, params }) => {
      state.deleteProduct(params[0]!);
      return { status: 204 };
    },
  },
];
