import { organizationAddress } from "../model/address.js";
import type { Desired } from "../model/desired.js";
import type { ListedOrganization, Live } from "../model/live.js";
import { nameKey } from "../model/names.js";
import { declaredBy, undeclaredOrganizations } from "../model/undeclared.js";
import type { PlanInputProblem } from "./plan-input-error.js";
import { deleteChange } from "./plan-organizations.js";
import type { OrganizationChange, Unsupported } from "./types.js";

/**
 * The site's organizations that no manifest declares (by id, name or previous name), when
 * the service desk API listed them (`live.listed`); with `pruneOrganizations: true`, the
 * delete of each, except those SCIM manages (reported, never deleted). A pruned
 * organization's profile must be in `live.organizations` (the reader fetches it by id), under
 * the listed name and itself undeclared: the delete goes to the CSM API by id, so when the two
 * APIs disagree about an id (two roots of different sites) nothing is deleted.
 */
export function planUndeclared(
  desired: Desired,
  live: Live,
): {
  unmanaged: ListedOrganization[] | undefined;
  changes: OrganizationChange[];
  unsupported: Unsupported[];
  problems: PlanInputProblem[];
} {
  const changes: OrganizationChange[] = [];
  const unsupported: Unsupported[] = [];
  const problems: PlanInputProblem[] = [];
  if (!live.listed)
    return { unmanaged: undefined, changes, unsupported, problems };
  const unmanaged = undeclaredOrganizations(desired, live.listed);
  const prune = desired.pruneOrganizations;
  if (prune?.prune) {
    const declared = declaredBy(desired);
    const profiles = new Map(live.organizations.map((o) => [o.id, o]));
    for (const organization of unmanaged) {
      const profile = profiles.get(organization.id);
      const address = organizationAddress(organization.name);
      if (organization.scimManaged) {
        unsupported.push({
          address,
          reason:
            "SCIM manages this organization: pruneOrganizations never deletes it",
          source: prune.source,
        });
      } else if (!profile) {
        unsupported.push({
          address,
          reason: `the CSM API has no organization with id ${organization.id}, which the service desk API lists: pruneOrganizations cannot delete it`,
          source: prune.source,
        });
      } else if (
        nameKey(profile.name) !== nameKey(organization.name) ||
        declared(profile)
      ) {
        problems.push({
          source: prune.source,
          message: `the service desk API and the CSM API disagree about id ${organization.id} (${JSON.stringify(organization.name)} and ${JSON.stringify(profile.name)}); are both roots the same site?`,
        });
      } else {
        changes.push(deleteChange(organization.name, profile, prune.source));
      }
    }
  }
  return { unmanaged, changes, unsupported, problems };
}
