import type {
  ServiceDeskReadAccess,
  ServiceDeskReader,
} from "./servicedesk-types.js";
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
  return readView(client, READ_METHODS);
}

/** A frozen object holding `baseUrl` and the named methods of `client`, bound to it. */
function readView<T extends { readonly baseUrl: string }>(
  client: T,
  methods: readonly (keyof T & string)[],
): T {
  const view: Record<string, unknown> = { baseUrl: client.baseUrl };
  for (const method of methods)
    view[method] = (client[method] as (...a: unknown[]) => unknown).bind(
      client,
    );
  return Object.freeze(view) as unknown as T;
}

const SERVICEDESK_READ_METHODS = [
  "listOrganizations",
  "getOrganization",
  "listOrganizationUsers",
  "listServiceDeskOrganizations",
] as const satisfies readonly (keyof ServiceDeskReader)[];

/** The service desk twin of `readOnlyClient`: its clients hold the read methods only. */
export function readOnlyServiceDesk(
  access: ServiceDeskReadAccess,
): ServiceDeskReadAccess {
  return Object.freeze({
    baseUrl: access.baseUrl,
    client: (feature: string): ServiceDeskReader =>
      readView(access.client(feature), SERVICEDESK_READ_METHODS),
  });
}
