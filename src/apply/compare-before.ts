/**
 * The stale check of a saved plan: each change's `before` against what apply re-read.
 * Over 300 lines on purpose: one comparison per change kind (field, organization, delete,
 * detail, entitlement) over one shared context and message helpers; split by kind, each file
 * would re-import the same context and the rule would no longer read in one place.
 */
import {
  customerAddress,
  detailAddress,
  entitlementDetailAddress,
  fieldAddress,
  organizationAddress,
  serviceDeskAddress,
} from "../model/address.js";
import { OTHER_ENTITIES, type OtherEntity } from "../model/entity.js";
import { lookupFieldType, sameList, sameValues } from "../model/field-types.js";
import type {
  LiveDetail,
  LiveField,
  LiveOrganization,
  LiveServiceDesk,
} from "../model/live.js";
import { indexByName, nameKey } from "../model/names.js";
import { idKey } from "../model/product-ref.js";
import type {
  Change,
  CustomerChange,
  DetailChange,
  EntitlementChange,
  EntitlementDetailChange,
  FieldChange,
  FieldState,
  OrganizationChange,
  ServiceDeskChange,
} from "../plan/types.js";

/** One change whose `before` no longer describes the site (or never did). */
export interface StaleChange {
  readonly address: string;
  /** What differs, e.g. `options`, `values`, `organization name`. */
  readonly what: string;
  /** What the plan says the site held, as shown to people. */
  readonly before: string;
  /** What the site holds now. */
  readonly now: string;
}

/**
 * What apply re-read: the fields (when a field changes), the organizations touched and the
 * service desks whose links change.
 */
export interface LiveRead {
  readonly fields: readonly LiveField[];
  /** The entitlement and customer fields, when a change of theirs is in the plan. */
  readonly entityFields?: Partial<Record<OtherEntity, readonly LiveField[]>>;
  readonly organizations: readonly LiveOrganization[];
  readonly serviceDesks?: readonly LiveServiceDesk[];
}

/** Field names are per entity: `""` is the organizations'. */
const fieldKey = (entity: OtherEntity | undefined, name: string): string =>
  `${entity ?? ""}\u0000${nameKey(name)}`;

const quote = (text: string): string => JSON.stringify(text);
const list = (values: readonly string[]): string =>
  `[${values.map(quote).join(", ")}]`;
const ABSENT = "absent";

/**
 * The one rule for saved plans: each change's `before` must be what the site holds now, at
 * the grain of that change and compared as the planner compares (names by `nameKey`, values
 * by their field type, so MULTISELECT order does not matter). Nothing else the plan says about
 * the site is trusted: a change to something no change touches is not a difference. Each
 * organization-scoped change must also still act on the organization it names: the live
 * organization with its `organizationId` has the name the plan read it under. Pure.
 */
export function compareBefore(
  changes: readonly Change[],
  live: LiveRead,
): StaleChange[] {
  const fields = new Map<string, LiveField>();
  for (const entity of [undefined, ...OTHER_ENTITIES]) {
    const list = entity ? (live.entityFields?.[entity] ?? []) : live.fields;
    for (const field of list) {
      const key = fieldKey(entity, field.name);
      if (!fields.has(key)) fields.set(key, field);
    }
  }
  const byId = new Map(live.organizations.map((o) => [o.id, o]));
  const byName = indexByName(live.organizations, (o) => o.name);
  // Where a plan renames a field or an organization, what it was called when read.
  const fieldWas = new Map<string, string>();
  const organizationWas = new Map<string, string>();
  // Organizations the plan takes off their names (renamed or deleted): their names are free.
  const moved = new Set<string>();
  for (const change of changes) {
    if (
      change.resource === "organization" &&
      change.organizationId &&
      change.before
    ) {
      if (
        !change.after ||
        nameKey(change.after.name) !== nameKey(change.before.name)
      ) {
        moved.add(change.organizationId);
      }
    }
    if (!change.before || !change.after) continue;
    if (change.resource === "field") {
      fieldWas.set(
        fieldKey(change.entity, change.after.name),
        change.before.name,
      );
    } else if (change.resource === "organization" && change.organizationId) {
      organizationWas.set(
        renameKey(change.organizationId, change.after.name),
        change.before.name,
      );
    }
  }
  const context: Context = {
    fields,
    byId,
    byName,
    fieldWas,
    organizationWas,
    serviceDesks: new Map((live.serviceDesks ?? []).map((d) => [d.ref, d])),
    moved,
  };
  return changes.flatMap((change) => {
    switch (change.resource) {
      case "field":
        return compareField(change, context);
      case "organization":
        return compareOrganization(change, context);
      case "detail":
        return compareDetail(change, context);
      case "entitlement":
        return compareEntitlement(change, context);
      case "customer":
        return compareCustomer(change, context);
      case "serviceDesk":
        return compareServiceDesk(change, context);
      case "entitlementDetail":
        return compareEntitlementDetail(change, context);
    }
  });
}

interface Context {
  /** By `fieldKey`. */
  readonly fields: Map<string, LiveField>;
  readonly byId: Map<string, LiveOrganization>;
  readonly byName: Map<string, LiveOrganization>;
  readonly fieldWas: Map<string, string>;
  readonly organizationWas: Map<string, string>;
  readonly serviceDesks: Map<string, LiveServiceDesk>;
  readonly moved: ReadonlySet<string>;
}

function stale(
  address: string,
  what: string,
  before: string,
  now: string,
): StaleChange[] {
  return [{ address, what, before, now }];
}

function compareField(change: FieldChange, context: Context): StaleChange[] {
  const { address, before, after } = change;
  // The address is what people reviewed: it must name the field the change acts on.
  const { entity } = change;
  const named = fieldAddress((after ?? before)?.name ?? "", entity);
  if (address !== named) return stale(address, "address", address, named);
  if (!before) {
    const found = after && context.fields.get(fieldKey(entity, after.name));
    return found ? stale(address, "field", ABSENT, describeField(found)) : [];
  }
  const live = context.fields.get(fieldKey(entity, before.name));
  if (!live) return stale(address, "field", describeField(before), ABSENT);
  if (live.type !== before.type) {
    return stale(address, "type", before.type, live.type);
  }
  // Option lists compare in order, as the planner compares them (the API keeps the order).
  if (!sameList(before.options ?? [], live.options ?? [])) {
    return stale(
      address,
      "options",
      before.options ? list(before.options) : ABSENT,
      list(live.options ?? []),
    );
  }
  if (after && nameKey(after.name) !== nameKey(before.name)) {
    const holder = context.fields.get(fieldKey(entity, after.name));
    if (holder)
      return stale(address, `name ${quote(after.name)}`, "free", "taken");
  }
  return [];
}

function compareOrganization(
  change: OrganizationChange,
  context: Context,
): StaleChange[] {
  const { address, before, after } = change;
  if (!before) {
    const found = after && context.byName.get(nameKey(after.name));
    return found && !context.moved.has(found.id)
      ? stale(address, "organization", ABSENT, quote(found.name))
      : [];
  }
  const live = context.byId.get(change.organizationId ?? "");
  if (!live) return stale(address, "organization", quote(before.name), ABSENT);
  if (nameKey(live.name) !== nameKey(before.name)) {
    return stale(
      address,
      "organization name",
      quote(before.name),
      quote(live.name),
    );
  }
  if (after) {
    if (address !== organizationAddress(after.name)) {
      return stale(
        address,
        "address",
        address,
        organizationAddress(after.name),
      );
    }
    const holder = context.byName.get(nameKey(after.name));
    return holder && holder.id !== live.id && !context.moved.has(holder.id)
      ? stale(address, `name ${quote(after.name)}`, "free", "taken")
      : [];
  }
  return compareDeleted(address, before, live);
}

/** A delete removes everything the organization holds: all of it must be as reviewed. */
function compareDeleted(
  address: string,
  before: NonNullable<OrganizationChange["before"]>,
  live: LiveOrganization,
): StaleChange[] {
  const held = live.details.filter((detail) => detail.values.length > 0);
  const planned = new Map(
    (before.details ?? []).map((d) => [nameKey(d.name), d.values]),
  );
  const detailsSame =
    held.length === planned.size &&
    held.every((detail) => {
      const values = planned.get(nameKey(detail.name));
      return (
        values !== undefined &&
        sameValues(lookupFieldType(detail.type), values, detail.values)
      );
    });
  if (!detailsSame) {
    const show = (
      details: readonly { name: string; values: readonly string[] }[],
    ) =>
      details.map((d) => `${quote(d.name)}: ${list(d.values)}`).join(", ") ||
      "none";
    return stale(address, "details", show(before.details ?? []), show(held));
  }
  const products = (before.products ?? []).map((p) => p.id);
  const entitled = live.entitlements.map((e) => e.productId);
  if (!sameSet(products, entitled)) {
    return stale(address, "products", list(products), list(entitled));
  }
  if (!sameSet(before.customers ?? [], live.customers)) {
    return stale(
      address,
      "customers",
      list(before.customers ?? []),
      list(live.customers),
    );
  }
  return [];
}

/**
 * The live organization a detail or entitlement change acts on, or why it is not the one the
 * plan names: its address must belong to its `organizationName`, and the organization with its
 * `organizationId` must have that name (or, when the plan renames it, the name it had).
 */
function actedOn(
  change: {
    readonly address: string;
    readonly organizationName: string;
    readonly organizationId: string;
  },
  context: Context,
): LiveOrganization | StaleChange[] {
  const { address, organizationName } = change;
  const root = organizationAddress(organizationName);
  if (!address.startsWith(`${root}.`)) {
    return stale(address, "organization name", organizationName, address);
  }
  // Only a rename of this very organization to this very name explains another live name.
  const expected =
    context.organizationWas.get(
      renameKey(change.organizationId, organizationName),
    ) ?? organizationName;
  const live = context.byId.get(change.organizationId);
  if (!live) return stale(address, "organization", quote(expected), ABSENT);
  if (nameKey(live.name) !== nameKey(expected)) {
    return stale(
      address,
      "organization name",
      quote(expected),
      quote(live.name),
    );
  }
  return live;
}

function compareDetail(change: DetailChange, context: Context): StaleChange[] {
  const live = actedOn(change, context);
  if (Array.isArray(live)) return live;
  if (
    change.address !== detailAddress(change.organizationName, change.fieldName)
  ) {
    return stale(
      change.address,
      "field name",
      change.fieldName,
      change.address,
    );
  }
  // Before a rename in this plan, the values are held under the field's old name.
  return compareValues(change, live.details, undefined, context);
}

/** The values a detail change found, against what the site holds now. */
function compareValues(
  change: DetailChange | EntitlementDetailChange,
  details: readonly LiveDetail[],
  entity: OtherEntity | undefined,
  context: Context,
): StaleChange[] {
  const heldUnder =
    context.fieldWas.get(fieldKey(entity, change.fieldName)) ??
    change.fieldName;
  const held = details.find(
    (detail) => nameKey(detail.name) === nameKey(heldUnder),
  );
  const now = held?.values ?? [];
  const before = change.before?.values ?? [];
  const type = lookupFieldType(
    held?.type ??
      context.fields.get(fieldKey(entity, heldUnder))?.type ??
      "TEXT",
  );
  return sameValues(type, before, now)
    ? []
    : stale(change.address, "values", list(before), list(now));
}

/**
 * An entitlement value: its address names its organization, product and field, and when the
 * entitlement existed at plan time it still does, for that product, holding `before`. One
 * made in this plan (no ids yet) is checked through the create it waits for.
 */
function compareEntitlementDetail(
  change: EntitlementDetailChange,
  context: Context,
): StaleChange[] {
  const { address, organizationId, entitlementId } = change;
  const named = entitlementDetailAddress(
    change.organizationName,
    change.productName,
    change.fieldName,
  );
  if (address !== named) return stale(address, "address", address, named);
  if (organizationId === undefined || entitlementId === undefined) return [];
  const live = actedOn({ ...change, organizationId }, context);
  if (Array.isArray(live)) return live;
  const held = live.entitlements.find((e) => e.id === entitlementId);
  if (!held || idKey(held.productId) !== idKey(change.productId)) {
    return stale(address, "entitlement", quote(entitlementId), ABSENT);
  }
  return compareValues(change, held.details ?? [], "entitlement", context);
}

function compareEntitlement(
  change: EntitlementChange,
  context: Context,
): StaleChange[] {
  const live = actedOn(change, context);
  if (Array.isArray(live)) return live;
  const { before, after } = change;
  if (!before) {
    const product = after?.productId ?? "";
    const held = live.entitlements.some(
      (e) => idKey(e.productId) === idKey(product),
    );
    return held ? stale(change.address, "entitlement", ABSENT, "present") : [];
  }
  const held = live.entitlements.find((e) => e.id === before.entitlementId);
  return held && idKey(held.productId) === idKey(before.productId)
    ? []
    : stale(
        change.address,
        "entitlement",
        quote(before.entitlementId ?? ""),
        ABSENT,
      );
}

/** A customer to add must still be missing; one to remove must still be there. */
function compareCustomer(
  change: CustomerChange,
  context: Context,
): StaleChange[] {
  const live = actedOn(change, context);
  if (Array.isArray(live)) return live;
  const id = (change.after ?? change.before)?.accountId ?? "";
  return presence(
    change,
    customerAddress(change.organizationName, id),
    "customer",
    live.customers.includes(id),
  );
}

/** A link to add must still be missing; one to remove must still be there. */
function compareServiceDesk(
  change: ServiceDeskChange,
  context: Context,
): StaleChange[] {
  // The organization is created by this plan: its create checks that it is still absent.
  if (change.organizationId === undefined) return [];
  const live = actedOn(
    { ...change, organizationId: change.organizationId },
    context,
  );
  if (Array.isArray(live)) return live;
  const ref = (change.after ?? change.before)?.serviceDesk ?? "";
  const desk = context.serviceDesks.get(ref);
  if (!desk?.found)
    return stale(change.address, "service desk", quote(ref), ABSENT);
  return presence(
    change,
    serviceDeskAddress(change.organizationName, ref),
    "service desk link",
    desk.organizationIds.includes(live.id),
  );
}

function presence(
  change: Change,
  named: string,
  what: string,
  present: boolean,
): StaleChange[] {
  if (change.address !== named) {
    return stale(change.address, "address", change.address, named);
  }
  const was = change.before !== null;
  return was === present
    ? []
    : stale(
        change.address,
        what,
        was ? "present" : ABSENT,
        present ? "present" : ABSENT,
      );
}

function renameKey(organizationId: string, name: string): string {
  return `${organizationId}\u0000${nameKey(name)}`;
}

function describeField(field: FieldState | LiveField): string {
  const options = field.options ? ` ${list(field.options)}` : "";
  return `${quote(field.name)} (${field.type})${options}`;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return sameList([...a].sort(), [...b].sort());
}
