import { organizationAddress } from "../model/address.js";
import type { Desired } from "../model/desired.js";
import type { ListedOrganization, Live } from "../model/live.js";
import { nameKey } from "../model/names.js";
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
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const organization of desired.organizations) {
    if (organization.id !== undefined) ids.add(organization.id);
    for (const name of [organization.name, ...organization.previousNames]) {
      names.add(nameKey(name));
    }
  }
  const unmanaged = live.listed
    .filter((o) => !ids.has(o.id) && !names.has(nameKey(o.name)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
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
