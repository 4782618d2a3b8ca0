import type { DesiredOrganization } from "../model/desired.js";
import type { LiveOrganization } from "../model/live.js";
import { indexByName, nameKey } from "../model/names.js";
import { formatLocation } from "../model/source.js";
import type { PlanInputProblem } from "./plan-input-error.js";

/** A desired organization and the live organization it manages, if the site has one. */
export interface OrganizationMatch {
  readonly desired: DesiredOrganization;
  readonly live?: LiveOrganization;
  /**
   * True when the live organization's name is not the desired name as written: found under a
   * previous name, or under the same name in other letter case. A rename either way.
   */
  readonly renamed: boolean;
  /** True when found by its `id` (a rename is then one made on the site, undone). */
  readonly byId?: boolean;
}

interface Claim {
  readonly desired: DesiredOrganization;
  /** The name it was claimed under (the desired name or a previous name). */
  readonly under: string;
  readonly byPreviousName: boolean;
}

const quote = (name: string): string => JSON.stringify(name);
const at = (desired: DesiredOrganization): string =>
  formatLocation(desired.source);

/**
 * Matches each desired organization to the live organization it manages: the one with its
 * `id` when it has one (whatever its name: an id not on the site is a problem, never a
 * create), else the one of the same name, else the one under a previous name (a rename, not
 * a create). An organization pinned by id is never matched by name to another entry. Matches that
 * would make one plan change one organization twice are problems: a name and a previous
 * name that are two different organizations, or a live organization claimed by two entries.
 */
export function matchOrganizations(
  desired: readonly DesiredOrganization[],
  live: readonly LiveOrganization[],
): { matches: OrganizationMatch[]; problems: PlanInputProblem[] } {
  const liveById = new Map(live.map((o) => [o.id, o]));
  const pinned = new Set(
    desired.flatMap((o) => {
      const found = o.id === undefined ? undefined : liveById.get(o.id);
      return found ? [found] : [];
    }),
  );
  const liveByKey = indexByName(
    live.filter((o) => !pinned.has(o)),
    (organization) => organization.name,
  );
  const problems: PlanInputProblem[] = [];
  const matches: OrganizationMatch[] = [];
  const claims = new Map<LiveOrganization, Claim[]>();
  const firstByName = new Map<string, DesiredOrganization>();

  for (const organization of desired) {
    const key = nameKey(organization.name);
    const first = firstByName.get(key);
    if (first) {
      problems.push({
        source: organization.source,
        message: `organization ${quote(organization.name)} is listed twice (first at ${at(first)}); expected each organization once`,
      });
      continue;
    }
    firstByName.set(key, organization);

    if (organization.id !== undefined) {
      const found = liveById.get(organization.id);
      if (!found && organization.ensure === "present") {
        problems.push({
          source: organization.idSource ?? organization.source,
          message: `organization ${quote(organization.name)} has id ${organization.id}, which is not an organization on this site; expected the id of one of its organizations (ids are per site: leave the id out to create the organization)`,
          found: organization.id,
        });
        continue;
      }
      matches.push({
        desired: organization,
        ...(found ? { live: found } : {}),
        renamed: found !== undefined && found.name.trim() !== organization.name,
        byId: true,
      });
      continue;
    }
    const self = liveByKey.get(key);
    const previous = new Map<LiveOrganization, string>();
    for (const name of organization.previousNames) {
      const found = liveByKey.get(nameKey(name));
      if (found && found !== self && !previous.has(found)) {
        previous.set(found, name);
      }
    }
    if (self && previous.size > 0) {
      const [name] = previous.values();
      problems.push({
        source: organization.source,
        message: `organization ${quote(organization.name)} and its previous name ${quote(name ?? "")} are two different organizations on the site; expected at most one of them (remove the previous name, or delete one organization)`,
      });
      continue;
    }
    if (previous.size > 1) {
      problems.push({
        source: organization.source,
        message: `the previous names of organization ${quote(organization.name)} match ${previous.size} different organizations on the site (${[...previous.values()].map(quote).join(", ")}); expected at most one`,
      });
      continue;
    }
    const [renameFrom] = previous.entries();
    const match = self ?? renameFrom?.[0];
    if (match) {
      const list = claims.get(match) ?? [];
      list.push({
        desired: organization,
        under: self ? organization.name : (renameFrom?.[1] ?? ""),
        byPreviousName: !self,
      });
      claims.set(match, list);
    }
    matches.push({
      desired: organization,
      ...(match ? { live: match } : {}),
      // A name that differs only in case is a rename too: the site shows names as written.
      renamed: match !== undefined && match.name.trim() !== organization.name,
    });
  }

  const contested = new Set<DesiredOrganization>();
  for (const [organization, list] of claims) {
    if (list.length < 2) continue;
    for (const claim of list) {
      if (!claim.byPreviousName) continue;
      contested.add(claim.desired);
      const others = list
        .filter((other) => other !== claim)
        .map((other) => `${quote(other.desired.name)} (${at(other.desired)})`);
      problems.push({
        source: claim.desired.source,
        message: `previous name ${quote(claim.under)} of organization ${quote(claim.desired.name)} is the organization ${quote(organization.name)} on the site, which ${others.join(" and ")} also claims; expected one manifest entry per organization`,
      });
    }
  }
  return {
    matches: matches.filter((match) => !contested.has(match.desired)),
    problems,
  };
}
