import { bodyObject, nonBlankString } from "../body-checks.js";
import { renderEntitlement } from "../render.js";
import type { Route } from "../route.js";

/** Entitlements: an organization's products. */
export const ENTITLEMENT_ROUTES: readonly Route[] = [
  {
    method: "GET",
    pattern: ["organization", ":", "entitlement"],
    experimental: false,
    write: false,
    handle: ({ state, params }) => ({
      status: 200,
      body: [
        ...state.requireOrganization(params[0]!).entitlements.values(),
      ].map(renderEntitlement),
    }),
  },
  {
    method: "POST",
    pattern: ["organization", ":", "entitlement"],
    experimental: false,
    write: true,
    handle: ({ state, params, body }) => {
      const organization = state.requireOrganization(params[0]!);
      const productId = nonBlankString(bodyObject(body), "productId");
      const entitlement = state.createEntitlement(organization.id, productId);
      return { status: 200, body: renderEntitlement(entitlement) };
    },
  },
  {
    method: "DELETE",
    pattern: ["entitlement", ":"],
    experimental: false,
    write: true,
    handle: ({ state, params }) => {
      state.deleteEntitlement(params[0]!);
      return { status: 204 };
    },
  },
];
