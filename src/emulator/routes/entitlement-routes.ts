import { bodyObject, nonBlankString, stringArray } from "../body-checks.js";
import { renderDetailAnswer, renderEntitlement } from "../render.js";
import type { Route } from "../route.js";
import { requiredFieldName } from "./organization-routes.js";

/** Entitlements: an organization's products, with their detail values. */
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
      ].map((entitlement) => renderEntitlement(state, entitlement)),
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
      return { status: 200, body: renderEntitlement(state, entitlement) };
    },
  },
  {
    method: "GET",
    pattern: ["entitlement", ":"],
    experimental: false,
    write: false,
    handle: ({ state, params }) => ({
      status: 200,
      body: renderEntitlement(state, state.requireEntitlement(params[0]!)),
    }),
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
  {
    method: "PUT",
    pattern: ["entitlement", ":", "details"],
    experimental: false,
    write: true,
    handle: ({ state, params, query, body }) => {
      const fieldName = requiredFieldName(query, "entitlement");
      const values = stringArray(bodyObject(body), "values", {
        required: true,
      })!;
      const set = state.setEntitlementDetail(params[0]!, fieldName, values);
      return { status: 200, body: renderDetailAnswer(set.field, set.values) };
    },
  },
];
