import type { CsmClient } from "../api/types.js";
import {
  readDetailFields,
  readOrganizations,
  readServiceDesks,
  type ServiceDeskSource,
} from "../live/index.js";
import type { OtherEntity } from "../model/entity.js";
import type { LiveField, LiveOrganization } from "../model/live.js";
import { nameKey } from "../model/names.js";
import { isDestructive } from "../plan/is-destructive.js";
import type { Change, FieldChange, FieldState, Plan } from "../plan/types.js";
import { compareBefore, type StaleChange } from "./compare-before.js";

/** Options of `checkStale`. */
export interface CheckStaleOptions {
  /** Organization batches read at once. @default 8 */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  /** Reads the service desks whose links the plan changes (one paged list each). */
  readonly serviceDesk?: ServiceDeskSource;
}

/** What `checkStale` found. */
export interface StaleCheck {
  /** The changes whose `before` is not what the site holds now, in plan order; empty when the plan holds. */
  readonly stale: readonly StaleChange[];
  /**
   * The plan as apply must judge it: each field change's `before` is the field as re-read, and
   * each `destructive` flag is recomputed from that live state → `after`.
   */
  readonly plan: Plan;
}

/**
 * Re-reads what a saved plan touches and checks, change by change, that the site still holds
 * each change's `before` (`compareBefore`: the one rule for saved plans). Reads exactly what
 * the plan touches: every field in one call when a field changes, and the organizations by id
 * (by name for creates, which must still be absent, and for the new names of renames), 25 to
 * a call, and the service desks whose links change. Writes nothing.
 */
export async function checkStale(
  plan: Plan,
  client: CsmClient,
  options: CheckStaleOptions = {},
): Promise<StaleCheck> {
  const signalOption =
    options.signal === undefined ? {} : { signal: options.signal };
  const ids = new Set<string>();
  const names = new Set<string>();
  const desks = new Set<string>();
  let fieldsNeeded = false;
  const entities = new Set<OtherEntity>();
  for (const change of plan.changes) {
    if (change.resource === "serviceDesk" && change.organizationId) {
      desks.add((change.after ?? change.before)?.serviceDesk ?? "");
    }
    if (change.resource === "field") {
      if (change.entity) entities.add(change.entity);
      else fieldsNeeded = true;
      continue;
    }
    if (change.resource === "entitlementDetail") {
      entities.add("entitlement");
    }
    const id = organizationIdOf(change);
    if (id !== undefined) ids.add(id);
    else if (change.after && "name" in change.after) {
      names.add(change.after.name);
    }
    const renamedTo = newName(change);
    if (renamedTo !== undefined) names.add(renamedTo);
  }

  const [fields, organizations, entityFields, serviceDesks] = await Promise.all(
    [
      fieldsNeeded
        ? readDetailFields(client, signalOption)
        : Promise.resolve<LiveField[]>([]),
      ids.size + names.size > 0
        ? readOrganizations(
            client,
            { ids: [...ids], names: [...names] },
            {
              ...signalOption,
              entitlementDetails: entities.has("entitlement"),
              ...(options.concurrency === undefined
                ? {}
                : { concurrency: options.concurrency }),
            },
          )
        : Promise.resolve<LiveOrganization[]>([]),
      readFieldsOf([...entities], client, signalOption),
      desks.size > 0 && options.serviceDesk
        ? readServiceDesks(options.serviceDesk, [...desks], signalOption)
        : [],
    ],
  );

  const stale = compareBefore(plan.changes, {
    fields,
    organizations,
    entityFields,
    serviceDesks,
  });
  const changes = plan.changes.map((change): Change => {
    const of = change.resource === "field" && change.entity;
    const judged =
      change.resource === "field" && change.before
        ? {
            ...change,
            before:
              liveFieldState(change, of ? (entityFields[of] ?? []) : fields) ??
              change.before,
          }
        : change;
    return { ...judged, destructive: isDestructive(judged) };
  });
  return { stale, plan: { ...plan, changes } };
}

/** The fields of these entities besides organizations: one read each. */
async function readFieldsOf(
  entities: readonly OtherEntity[],
  client: CsmClient,
  options: { signal?: AbortSignal },
): Promise<Partial<Record<OtherEntity, LiveField[]>>> {
  const read = await Promise.all(
    entities.map(
      async (entity) =>
        [
          entity,
          await readDetailFields(client, { ...options, entity }),
        ] as const,
    ),
  );
  return Object.fromEntries(read);
}

/**
 * The name a change gives an existing organization that had another one (a rename), whose
 * absence the plan relied on.
 */
function newName(change: Change): string | undefined {
  if (change.resource !== "organization") return undefined;
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

/**
 * The state of a field change's field as the site holds it now (null when absent), so that
 * apply judges destructiveness from live → `after` rather than from the plan's `before`.
 */
function liveFieldState(
  change: FieldChange,
  fields: readonly LiveField[],
): FieldState | null {
  const name = change.before?.name;
  if (name === undefined) return null;
  const field = fields.find((f) => nameKey(f.name) === nameKey(name));
  if (!field) return null;
  return field.options === undefined
    ? { name: field.name, type: field.type }
    : { name: field.name, type: field.type, options: field.options };
}
