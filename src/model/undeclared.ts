import type { Desired } from "./desired.js";
import type { ListedOrganization } from "./live.js";
import { nameKey } from "./names.js";

/**
 * The listed organizations that no manifest declares, by id, name or previous name (an
 * `ensure: absent` entry declares one too), sorted by name.
 */
export function undeclaredOrganizations(
  desired: Desired,
  listed: readonly ListedOrganization[],
): ListedOrganization[] {
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const organization of desired.organizations) {
    if (organization.id !== undefined) ids.add(organization.id);
    for (const name of [organization.name, ...organization.previousNames]) {
      names.add(nameKey(name));
    }
  }
  return listed
    .filter((o) => !ids.has(o.id) && !names.has(nameKey(o.name)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
