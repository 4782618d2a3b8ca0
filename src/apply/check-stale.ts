import type { CsmClient } from "../api/types.js";
import { readDetailFields, readOrganizations } from "../live/index.js";
import { fieldDigest, organizationDigest } from "../model/digest.js";
import type { LiveField, LiveOrganization } from "../model/live.js";
import { indexByName, nameKey } from "../model/names.js";
import type { Change, Plan } from "../plan/types.js";

/** Options of `checkStale`. */
export interface CheckStaleOptions {
  /** Organization batches read at once. @default 8 */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
}

/**
 * The addresses of the changes whose live object is no longer what the plan read (its
 * `liveDigest` differs from a fresh read's), in plan order; empty when the plan still holds.
 * A rename is stale too when its new name was taken on the site since: the plan relied on
 * that name being free. Reads exactly what the plan touched: every field in one call when a
 * field changes, and the organizations by id (by name for creates, which must still be
 * absent, and for the new names of renames), 25 to a call.
 */
export async function checkStale(
  plan: Plan,
  client: CsmClient,
  options: CheckStaleOptions = {},
): Promise<string[]> {
  const signalOption =
    options.signal === undefined ? {} : { signal: options.signal };
  const fieldChanges = plan.changes.filter((c) => c.resource === "field");
  const organizationChanges = plan.changes.filter(
    (c) => c.resource !== "field",
  );

  const ids = new Set<string>();
  const names = new Set<string>();
  for (const change of organizationChanges) {
    const id = organizationIdOf(change);
    if (id !== undefined) ids.add(id);
    else names.add(createdName(change));
    const renamedTo = newName(change);
    if (renamedTo !== undefined) names.add(renamedTo);
  }

  const [fields, organizations] = await Promise.all([
    fieldChanges.length > 0
      ? readDetailFields(client, signalOption)
      : Promise.resolve<LiveField[]>([]),
    ids.size + names.size > 0
      ? readOrganizations(
          client,
          { ids: [...ids], names: [...names] },
          {
            ...signalOption,
            ...(options.concurrency === undefined
              ? {}
              : { concurrency: options.concurrency }),
          },
        )
      : Promise.resolve<LiveOrganization[]>([]),
  ]);

  const fieldsByName = indexByName(fields, (field) => field.name);
  const organizationsById = new Map(organizations.map((o) => [o.id, o]));
  const organizationsByName = indexByName(organizations, (o) => o.name);

  const digestNow = (change: Change): string => {
    if (change.resource === "field") {
      const name = (change.before ?? change.after)?.name ?? "";
      return fieldDigest(fieldsByName.get(nameKey(name)));
    }
    const id = organizationIdOf(change);
    return organizationDigest(
      id !== undefined
        ? organizationsById.get(id)
        : organizationsByName.get(nameKey(createdName(change))),
    );
  };
  /** The new name of a rename now belongs to another object on the site. */
  const nameTaken = (change: Change): boolean => {
    const renamedTo = newName(change);
    if (renamedTo === undefined) return false;
    if (change.resource === "field")
      return fieldsByName.has(nameKey(renamedTo));
    const holder = organizationsByName.get(nameKey(renamedTo));
    return holder !== undefined && holder.id !== organizationIdOf(change);
  };
  return plan.changes
    .filter(
      (change) => digestNow(change) !== change.liveDigest || nameTaken(change),
    )
    .map((change) => change.address);
}

/**
 * The name a change gives an existing field or organization that had another one (a rename,
 * or a replace that also renames a field), whose absence the plan relied on.
 */
function newName(change: Change): string | undefined {
  if (change.resource !== "field" && change.resource !== "organization") {
    return undefined;
  }
  const before = change.before?.name;
  const after = change.after?.name;
  if (before === undefined || after === undefined) return undefined;
  return nameKey(before) === nameKey(after) ? undefined : after;
}

/** The live organization a change acts on, when it exists (every change but a create). */
function organizationIdOf(change: Change): string | undefined {
  if (change.resource === "field") return undefined;
  return change.organizationId === "" ? undefined : change.organizationId;
}

function createdName(change: Change): string {
  const after = change.after;
  return after !== null && "name" in after ? after.name : change.address;
}
