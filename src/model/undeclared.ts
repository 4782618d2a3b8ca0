import type { Desired } from "./desired.js";
import type { ListedOrganization } from "./live.js";
import { nameKey } from "./names.js";

/**
 * Whether a manifest declares the organization `id` named `name`: an entry with an id
 * declares only that id; one without, its name and previous names (an `ensure: absent`
 * entry declares one too).
 */
export function declaredBy(
  desired: Desired,
): (organization: { id: string; name: string }) => boolean {
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const organization of desired.organizations) {
    if (organization.id !== undefined) ids.add(organization.id);
    else
      for (const name of [organization.name, ...organization.previousNames])
        names.add(nameKey(name));
  }
  return (o) => ids.has(o.id) || names.has(nameKey(o.name));
}

/** The listed organizations that no manifest declares (`declaredBy`), sorted by name. */
export function undeclaredOrganizations(
  desired: Desired,
  listed: readonly ListedOrganization[],
): ListedOrganization[] {
  const declared = declaredBy(desired);
  return listed
    .filter((o) => !declared(o))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
