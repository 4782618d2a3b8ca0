import { badRequest } from "../api-error.js";
import { bodyObject, nonBlankString, stringArray } from "../body-checks.js";
import {
  renderDetailAnswer,
  renderOrganization,
  renderOrganizationRef,
} from "../render.js";
import type { Route } from "../route.js";
import { readFetchQuery } from "./fetch-query.js";

/** The most organizations one `POST organization/fetch` may name. */
const MAX_ORGANIZATION_FETCH = 50;

/** The `fieldName` query parameter of `PUT {entity}/{id}/details`; 400 when missing. */
export function requiredFieldName(
  query: URLSearchParams,
  entity: string,
): string {
  const fieldName = query.get("fieldName");
  if (fieldName === null || fieldName.trim() === "") {
    throw badRequest(
      `The query parameter fieldName is required: PUT ${entity}/{id}/details?fieldName=NAME.`,
    );
  }
  return fieldName;
}

/** Organizations: create, get, rename, set detail values, fetch, delete. */
export const ORGANIZATION_ROUTES: readonly Route[] = [
  {
    method: "POST",
    pattern: ["organization"],
    experimental: true,
    write: true,
    handle: ({ state, body }) => {
      const name = nonBlankString(bodyObject(body), "name");
      const organization = state.createOrganization(name);
      return { status: 200, body: renderOrganizationRef(organization) };
    },
  },
  {
    method: "GET",
    pattern: ["organization", ":"],
    experimental: false,
    write: false,
    handle: ({ state, params }) => ({
      status: 200,
      body: renderOrganization(state, state.requireOrganization(params[0]!)),
    }),
  },
  {
    method: "PUT",
    pattern: ["organization", ":"],
    experimental: true,
    write: true,
    handle: ({ state, params, body }) => {
      const name = nonBlankString(bodyObject(body), "name");
      const organization = state.renameOrganization(params[0]!, name);
      return { status: 200, body: renderOrganizationRef(organization) };
    },
  },
  {
    method: "DELETE",
    pattern: ["organization", ":"],
    experimental: false,
    write: true,
    handle: ({ state, params }) => {
      state.deleteOrganization(params[0]!);
      return { status: 204 };
    },
  },
  {
    method: "PUT",
    pattern: ["organization", ":", "details"],
    experimental: false,
    write: true,
    handle: ({ state, params, query, body }) => {
      const fieldName = requiredFieldName(query, "organization");
      const values = stringArray(bodyObject(body), "values", {
        required: true,
      })!;
      const set = state.setDetail(params[0]!, fieldName, values);
      return { status: 200, body: renderDetailAnswer(set.field, set.values) };
    },
  },
  {
    method: "POST",
    pattern: ["organization", "fetch"],
    experimental: true,
    write: false,
    handle: ({ state, body }) => {
      const { ids, names } = readFetchQuery(
        body,
        MAX_ORGANIZATION_FETCH,
        "organizations",
      );
      return {
        status: 200,
        body: {
          organizations: state.fetch(ids, names).map(renderOrganizationRef),
        },
      };
    },
  },
];
