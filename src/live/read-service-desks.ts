import { ApiError } from "../api/errors.js";
import type { ServiceDeskReader } from "../api/servicedesk-types.js";
import type { Desired } from "../model/desired.js";
import type { LiveServiceDesk } from "../model/live.js";

/** How planning and apply reach the service desk lists: a `ServiceDeskAccess` fits. */
export interface ServiceDeskSource {
  client(
    feature: string,
  ): Pick<ServiceDeskReader, "listServiceDeskOrganizations">;
}

/** What `client(feature)` is told when service desk links are read or written. */
export const SERVICE_DESK_LINKS = "service desk links (serviceDesks)";

/** The service desks the manifests name (keys or ids, as written), each once. */
export function serviceDesksNamed(desired: Desired): string[] {
  const refs = new Set<string>();
  for (const organization of desired.organizations) {
    if (organization.ensure === "absent") continue;
    for (const ref of organization.serviceDesks?.items ?? []) refs.add(ref);
  }
  return [...refs];
}

/**
 * The organizations linked to each of these service desks: one paged list per service desk
 * (not per organization), all at once. A service desk the site answers 404 for is
 * `found: false`, for the plan to report at the line that names it.
 */
export async function readServiceDesks(
  source: ServiceDeskSource,
  refs: readonly string[],
  options: { readonly signal?: AbortSignal } = {},
): Promise<LiveServiceDesk[]> {
  if (refs.length === 0) return [];
  const client = source.client(SERVICE_DESK_LINKS);
  return Promise.all(
    refs.map(async (ref): Promise<LiveServiceDesk> => {
      try {
        const organizations = await client.listServiceDeskOrganizations(
          ref,
          options,
        );
        return {
          ref,
          found: true,
          organizationIds: organizations.map((o) => o.id),
        };
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          return { ref, found: false, organizationIds: [] };
        }
        throw error;
      }
    }),
  );
}
