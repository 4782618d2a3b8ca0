import { organizationAddress } from "../model/address.js";
import type { Desired } from "../model/desired.js";
import type { ListedOrganization, Live } from "../model/live.js";
import { undeclaredOrganizations } from "../model/undeclared.js";
import { deleteChange } from "./plan-organizations.js";
import type { OrganizationChange, Unsupported } from "./types.js";

/**
 * The site's organizations that no manifest declares (by id, name or previous name), when
 * the service desk API listed them (`live.listed`); with `pruneOrganizations: true`, the
 * delete of each, except those SCIM manages (reported, never deleted). A pruned
 * organization's profile must be in `live.organizations` (the reader fetches it by id).
 */
export function planUndeclared(
  desired: Desired,
  live: Live,
): {
  unmanaged: ListedOrganization[] | undefined;
  changes: OrganizationChange[];
  unsupported: Unsupported[];
} {
  if (!live.listed)
    return { unmanaged: undefined, changes: [], unsupported: [] };
  const unmanaged = undeclaredOrganizations(desired, live.listed);
  const prune = desired.pruneOrganizations;
  const changes: OrganizationChange[] = [];
  const unsupported: Unsupported[] = [];
  if (prune?.prune) {
    const profiles = new Map(live.organizations.map((o) => [o.id, o]));
    for (const organization of unmanaged) {
      const profile = profiles.get(organization.id);
      if (organization.scimManaged) {
        unsupported.push({
          address: organizationAddress(organization.name),
          reason:
            "SCIM manages this organization: pruneOrganizations never deletes it",
          source: prune.source,
        });
      } else if (profile) {
        changes.push(deleteChange(organization.name, profile, prune.source));
      }
    }
  }
  return { unmanaged, changes, unsupported };
}
