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
  const view: Record<string, unknown> = { baseUrl: client.baseUrl };
  for (const method of READ_METHODS) view[method] = client[method].bind(client);
  return Object.freeze(view) as unknown as CsmReader;
}
