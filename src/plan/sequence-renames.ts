import { organizationAddress } from "../model/address.js";
import type { LiveOrganization } from "../model/live.js";
import { indexByName, nameKey } from "../model/names.js";
import type { PlanInputProblem } from "./plan-input-error.js";
import type { Change, OrganizationChange } from "./types.js";

const quote = (text: string): string => JSON.stringify(text);

/** The name an organization holds for a moment while a cycle of renames swaps names. */
function temporaryName(organizationId: string): string {
  return `orgsync temporary name ${organizationId}`;
}

/**
 * Orders organization renames and creates around the names they need: a rename (or create)
 * to a name another live organization holds waits for the change that frees it (that
 * organization's rename or delete). A cycle (a hand swap A↔B, or longer) is broken by first
 * renaming one organization to a temporary name, so no step ever collides. A name held by an
 * organization that the plan does not move is a problem. Returns the changes with their
 * `dependsOn` filled in, plus any temporary renames.
 */
export function sequenceRenames(
  changes: readonly Change[],
  live: readonly LiveOrganization[],
): { changes: Change[]; problems: PlanInputProblem[] } {
  const holders = indexByName(live, (organization) => organization.name);
  // The change that takes each organization off its current name.
  const moves = new Map<string, OrganizationChange>();
  for (const change of changes) {
    if (
      change.resource === "organization" &&
      change.organizationId !== undefined &&
      (change.action === "delete" || change.action === "rename")
    ) {
      moves.set(change.organizationId, change);
    }
  }
  const problems: PlanInputProblem[] = [];
  // By the address of a rename or create: the change that frees the name it needs.
  const waitsFor = new Map<string, OrganizationChange>();
  for (const change of changes) {
    if (change.resource !== "organization") continue;
    if (change.action !== "rename" && change.action !== "create") continue;
    const name = change.after?.name ?? "";
    const holder = holders.get(nameKey(name));
    if (!holder || holder.id === change.organizationId) continue;
    const move = moves.get(holder.id);
    if (move) {
      waitsFor.set(change.address, move);
    } else if (change.source) {
      problems.push({
        source: change.source,
        message: `organization ${quote(change.before?.name ?? name)} cannot be named ${quote(name)}: the site's organization ${quote(holder.name)} (id ${holder.id}) holds that name and no manifest entry renames or deletes it`,
        expected:
          "a manifest entry for that organization (with its id) that renames it, or ensure: absent",
      });
    }
  }

  // Each rename waits for at most one other: cycles are simple loops of renames.
  const temporary = new Map<string, OrganizationChange>();
  const done = new Set<string>();
  for (const start of waitsFor.keys()) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let at: string | undefined = start;
    while (at !== undefined && !done.has(at) && !onPath.has(at)) {
      path.push(at);
      onPath.add(at);
      at = waitsFor.get(at)?.address;
    }
    if (at !== undefined && onPath.has(at)) {
      // The first rename of the cycle moves its organization aside first; the rename that
      // wants its old name then waits for that instead.
      const cycle = path.slice(path.indexOf(at)).sort();
      const head = changes.find((c) => c.address === cycle[0]) as
        OrganizationChange | undefined;
      if (head?.organizationId && head.before) {
        const aside = temporaryName(head.organizationId);
        const step: OrganizationChange = {
          address: organizationAddress(aside),
          resource: "organization",
          action: "rename",
          destructive: false,
          organizationId: head.organizationId,
          before: { name: head.before.name },
          after: { name: aside },
          liveDigest: head.liveDigest,
          dependsOn: [],
          ...(head.source ? { source: head.source } : {}),
          note: `a temporary name for a moment, so that ${quote(head.before.name)} is free for the organizations swapping names (${cycle.join(", ")})`,
        };
        temporary.set(head.organizationId, step);
      }
    }
    for (const address of path) done.add(address);
  }

  const result: Change[] = changes.map((change) => {
    const move = waitsFor.get(change.address);
    if (!move) return change;
    // Who frees the name: the temporary rename, when its organization is the one swapping.
    const frees = temporary.get(move.organizationId ?? "") ?? move;
    return {
      ...change,
      dependsOn: [...new Set([...change.dependsOn, frees.address])].sort(),
    };
  });
  return { changes: [...result, ...temporary.values()], problems };
}
