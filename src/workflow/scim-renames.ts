import type { ServiceDeskReadAccess } from "../api/servicedesk-types.js";
import type { Live } from "../model/index.js";
import type { Plan } from "../plan/index.js";

/** What needs the service desk API here, in its errors and in the warnings. */
const FEATURE = "checking SCIM before a rename";

/**
 * Asks the service desk API, for each organization the plan renames, whether SCIM manages it
 * (a plan that listed organizations knows already; renames are rare, so one call each). The
 * ids SCIM manages come back in `scimManaged`, for the plan to be made again without those
 * renames. When the API cannot answer, the rename stays planned with a warning saying why: a
 * site that never uses the service desk API is not blocked.
 */
export async function scimOfRenames(
  plan: Plan,
  live: Live,
  access: ServiceDeskReadAccess,
  signal: AbortSignal | undefined,
): Promise<{ scimManaged: string[]; warnings: string[] }> {
  const scimManaged: string[] = [];
  const warnings: string[] = [];
  if (live.listed) return { scimManaged, warnings };
  const renamed = new Map<string, string>();
  for (const change of plan.changes)
    if (
      change.resource === "organization" &&
      change.action === "rename" &&
      change.organizationId !== undefined
    )
      renamed.set(change.organizationId, change.address);
  for (const [id, address] of renamed) {
    let why: string;
    try {
      const found = await access
        .client(FEATURE)
        .getOrganization(id, signal === undefined ? {} : { signal });
      if (found?.scimManaged) scimManaged.push(id);
      if (found) continue;
      why = `the service desk API at ${access.baseUrl} has no organization with id ${id} (is its root right?)`;
    } catch (error) {
      if (signal?.aborted) throw error;
      why = (error as Error).message;
    }
    warnings.push(
      `SCIM could not be checked before the rename of ${address}, which is planned anyway: ${why}`,
    );
  }
  return { scimManaged, warnings };
}
