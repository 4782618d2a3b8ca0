import {
  bodyObject,
  nonBlankString,
  objectArray,
  objectProperty,
  stringArray,
} from "../body-checks.js";
import { createProfile } from "../create-profile.js";
import { renderProfile } from "../render.js";
import type { Route } from "../route.js";
import { readFetchQuery } from "./fetch-query.js";

/** The most profiles one `POST organization/profile/fetch` may name. */
const MAX_PROFILE_FETCH = 25;

/** Organization profiles: get, create (with details, customers, products), fetch. */
export const PROFILE_ROUTES: readonly Route[] = [
  {
    method: "GET",
    pattern: ["organization", "profile", ":"],
    experimental: true,
    write: false,
    handle: ({ state, params }) => ({
      status: 200,
      body: renderProfile(state, state.requireOrganization(params[0]!)),
    }),
  },
  {
    method: "POST",
    pattern: ["organization", "profile"],
    experimental: true,
    write: true,
    handle: ({ state, body }) => {
      const object = bodyObject(body);
      const name = nonBlankString(object, "name");
      const details = (objectArray(object, "details", false) ?? []).map(
        (detail, index) => ({
          name: nonBlankString(detail, "name", `details[${index}].name`),
          values: stringArray(detail, "values", {
            path: `details[${index}].values`,
            required: true,
          })!,
        }),
      );
      const customers = objectProperty(
        object,
        "associateCustomers",
        "associateCustomers",
        false,
      );
      const products = objectProperty(
        object,
        "associateProducts",
        "associateProducts",
        false,
      );
      const organization = createProfile(state, {
        name,
        details,
        customerIds:
          (customers &&
            stringArray(customers, "customerIds", {
              path: "associateCustomers.customerIds",
              nonBlank: true,
            })) ??
          [],
        productIds:
          (products &&
            stringArray(products, "productIds", {
              path: "associateProducts.productIds",
              nonBlank: true,
            })) ??
          [],
      });
      return { status: 200, body: renderProfile(state, organization) };
    },
  },
  {
    method: "POST",
    pattern: ["organization", "profile", "fetch"],
    experimental: true,
    write: false,
    handle: ({ state, body }) => {
      const { ids, names } = readFetchQuery(
        body,
        MAX_PROFILE_FETCH,
        "organization profiles",
      );
      return {
        status: 200,
        body: {
          profiles: state
            .fetch(ids, names)
            .map((organization) => renderProfile(state, organization)),
        },
      };
    },
  },
];
