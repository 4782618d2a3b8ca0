import type { CsmReader } from "./types.js";

/** The methods of `CsmClient` that only read. */
export const READ_METHODS = [
  "listDetailFields",
  "getOrganization",
  "fetchOrganizations",
  "getProfile",
  "fetchProfiles",
  "listEntitlements",
  "listProducts",
] as const satisfies readonly (keyof CsmReader)[];

/**
 * A view of a client that holds its read methods and nothing else: the write methods do not
 * exist on it, at compile time (`CsmReader`) or at run time, so code handed this view (drift,
 * export) cannot change the site however it is written.
 */
export function readOnlyClient(client: CsmReader): CsmReader {
  return Object.freeze({
    baseUrl: client.baseUrl,
    listDetailFields: client.listDetailFields.bind(client),
    getOrganization: client.getOrganization.bind(client),
    fetchOrganizations: client.fetchOrganizations.bind(client),
    getProfile: client.getProfile.bind(client),
    fetchProfiles: client.fetchProfiles.bind(client),
    listEntitlements: client.listEntitlements.bind(client),
    listProducts: client.listProducts.bind(client),
  });
}
