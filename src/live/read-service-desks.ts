import type { ServiceDeskReader } from "../api/servicedesk-types.js";
import type { Desired } from "../model/desired.js";
import type { LiveServiceDesk } from "../model/live.js";

/** How planning and apply reach the service desk lists: a `ServiceDeskAccess` fits. */
export interface ServiceDeskSource {
  client(
    feature: string,
  ): Pick<
    ServiceDeskReader,
    "listOrganizations" | "listServiceDeskOrganizations"
  >;
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
 * `found: false`, for the plan to report at the line that names it; when every one answers
 * 404 the root itself may be wrong, so it is checked once (one page of one organization): its error, if any,
 * is thrown.
 */
export async function readServiceDesks(
  source: ServiceDeskSource,
  refs: readonly string[],
  options: { readonly signal?: AbortSignal } = {},
): Promise<LiveServiceDesk[]> {
  if (refs.length === 0) return [];
  const client = source.client(SERVICE_DESK_LINKS);
  const read = await Promise.allSettled(
    refs.map(async (ref) => client.listServiceDeskOrganizations(ref, options)),
  );
  const is404 = (r: PromiseSettledResult<unknown>): boolean =>
    r.status === "rejected" &&
    (r.reason as { status?: unknown }).status === 404;
  if (read.every(is404))
    await client.listOrganizations({ ...options, onePage: 1 });
  return read.map((result, i): LiveServiceDesk => {
    const ref = refs[i]!;
    if (result.status === "fulfilled") {
      const organizationIds = result.value.map((o) => o.id);
      return { ref, found: true, organizationIds };
    }
    if (is404(result)) return { ref, found: false, organizationIds: [] };
    throw result.reason;
  });
}
