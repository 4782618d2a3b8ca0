/**
 * The oracle of the convergence suite: from the manifests (as loaded) and the site before
 * apply, what the site must hold afterwards, and a comparison that says what differs. It is
 * written from docs/plan.md and docs/emulator.md, not from the planner's code, so the planner
 * and applier are checked against the documented rules:
 *
 * - only what the manifests name is managed; everything else keeps its ids and values;
 * - a field is matched by name, else by a previous name (a rename that keeps its values);
 *   a different type is a replacement that wipes its values everywhere; removed options
 *   vanish from stored values; `prune` deletes the fields no manifest lists;
 * - an organization is matched by name, else by a previous name (a rename); `ensure:
 *   absent` deletes it; listed detail keys get the manifest's values (`[]` clears); listed
 *   products are added (and with `pruneProducts` the others removed); customers change only
 *   when an organization is created.
 */
import type { EmulatorSnapshot } from "../../src/emulator/index.js";
import {
  lookupFieldType,
  nameKey,
  type Desired,
} from "../../src/model/index.js";
import { productKey } from "./scenario.js";

/** One way the site differs from what it should hold. */
export interface StateProblem {
  /** `managed`: what the manifests name; `unmanaged`: anything else; `duplicate`: twice. */
  readonly kind: "managed" | "unmanaged" | "duplicate";
  readonly message: string;
}

type SnapshotField = EmulatorSnapshot["fields"][number];
type SnapshotOrganization = EmulatorSnapshot["organizations"][number];

/** What became of a field that was on the site before. */
type FieldFate =
  | { readonly kind: "kept" }
  | {
      readonly kind: "moved";
      readonly name: string;
      readonly options?: readonly string[];
    }
  | { readonly kind: "gone" };

interface ExpectedField {
  readonly name: string;
  readonly type: string;
  readonly options?: readonly string[];
  /** The id it keeps; undefined for a field created (or re-created by a replace). */
  readonly id: string | undefined;
  readonly managed: boolean;
}

interface ExpectedOrganization {
  readonly name: string;
  readonly id: string | undefined;
  readonly managed: boolean;
  /** By field name key: the name and the values (sorted). */
  readonly details: Map<string, readonly string[]>;
  readonly products: readonly string[];
  /** Entitlement ids that must survive, by product id. */
  readonly entitlementIds: ReadonlyMap<string, string>;
  readonly customers: readonly string[];
}

const sorted = (values: readonly string[]): string[] => [...values].sort();
const same = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

function planFields(desired: Desired, before: EmulatorSnapshot) {
  const fates = new Map<string, FieldFate>();
  const expected: ExpectedField[] = [];
  if (!desired.fields.declared) {
    for (const f of before.fields) {
      fates.set(f.id, { kind: "kept" });
      expected.push({ ...f, id: f.id, managed: false });
    }
    return { fates, expected };
  }
  const byKey = new Map(before.fields.map((f) => [nameKey(f.name), f]));
  const desiredKeys = new Set(desired.fields.items.map((f) => nameKey(f.name)));
  const taken = new Set<string>();
  for (const field of desired.fields.items) {
    let match: SnapshotField | undefined = byKey.get(nameKey(field.name));
    for (const previous of match ? [] : field.previousNames) {
      const key = nameKey(previous);
      if (desiredKeys.has(key) || taken.has(key)) continue;
      match = byKey.get(key);
      if (match) break;
    }
    if (match) taken.add(nameKey(match.name));
    const options = lookupFieldType(field.type).hasOptions
      ? (field.options ?? [])
      : undefined;
    const keeps = match !== undefined && match.type === field.type;
    if (match)
      fates.set(
        match.id,
        keeps
          ? { kind: "moved", name: field.name, ...(options ? { options } : {}) }
          : { kind: "gone" },
      );
    expected.push({
      name: field.name,
      type: field.type,
      ...(options ? { options } : {}),
      id: keeps ? match!.id : undefined,
      managed: true,
    });
  }
  for (const f of before.fields) {
    if (taken.has(nameKey(f.name))) continue;
    fates.set(f.id, desired.fields.prune ? { kind: "gone" } : { kind: "kept" });
    if (!desired.fields.prune)
      expected.push({ ...f, id: f.id, managed: false });
  }
  return { fates, expected };
}

/** An organization's stored values as the field changes leave them. */
function carriedDetails(
  organization: SnapshotOrganization,
  fieldsByKey: ReadonlyMap<string, SnapshotField>,
  fates: ReadonlyMap<string, FieldFate>,
): Map<string, readonly string[]> {
  const details = new Map<string, readonly string[]>();
  for (const [name, values] of Object.entries(organization.details)) {
    const field = fieldsByKey.get(nameKey(name))!;
    const fate = fates.get(field.id)!;
    if (fate.kind === "gone") continue;
    if (fate.kind === "kept") {
      details.set(nameKey(name), sorted(values));
      continue;
    }
    const kept = fate.options
      ? values.filter((v) => fate.options!.includes(v))
      : values;
    if (kept.length > 0) details.set(nameKey(fate.name), sorted(kept));
  }
  return details;
}

/** The whole site as it must be once the manifests are applied to `before`. */
function expectedState(desired: Desired, before: EmulatorSnapshot) {
  const { fates, expected: fields } = planFields(desired, before);
  const fieldsByKey = new Map(before.fields.map((f) => [nameKey(f.name), f]));
  const beforeKeys = new Set(before.organizations.map((o) => nameKey(o.name)));
  const claims = new Map<string, (typeof desired.organizations)[number]>();
  for (const d of desired.organizations) {
    claims.set(nameKey(d.name), d);
    if (!beforeKeys.has(nameKey(d.name)))
      for (const p of d.previousNames) claims.set(nameKey(p), d);
  }
  const organizations: ExpectedOrganization[] = [];
  const matched = new Set<string>();
  for (const o of before.organizations) {
    const carried = carriedDetails(o, fieldsByKey, fates);
    const d = claims.get(nameKey(o.name));
    if (!d) {
      organizations.push({
        name: o.name,
        id: o.id,
        managed: false,
        details: carried,
        products: sorted(o.products),
        entitlementIds: new Map(Object.entries(o.entitlementIds)),
        customers: sorted(o.customers),
      });
      continue;
    }
    matched.add(nameKey(d.name));
    if (d.ensure === "absent") continue;
    for (const detail of d.details) {
      if (detail.values.length === 0) carried.delete(nameKey(detail.name));
      else carried.set(nameKey(detail.name), sorted(detail.values));
    }
    const wanted = (d.products?.items ?? []).map(productKey);
    // Without a products list, products are not managed and pruneProducts does nothing.
    const products =
      d.products && d.pruneProducts
        ? wanted
        : [...new Set([...o.products, ...wanted])];
    organizations.push({
      name: d.name,
      id: o.id,
      managed: true,
      details: carried,
      products: sorted(products),
      entitlementIds: new Map(
        Object.entries(o.entitlementIds).filter(([p]) => products.includes(p)),
      ),
      customers: sorted(o.customers),
    });
  }
  for (const d of desired.organizations) {
    if (d.ensure === "absent" || matched.has(nameKey(d.name))) continue;
    organizations.push({
      name: d.name,
      id: undefined,
      managed: true,
      details: new Map(
        d.details
          .filter((detail) => detail.values.length > 0)
          .map((detail) => [nameKey(detail.name), sorted(detail.values)]),
      ),
      products: sorted((d.products?.items ?? []).map(productKey)),
      entitlementIds: new Map(),
      customers: sorted(d.customers?.items ?? []),
    });
  }
  return { fields, organizations };
}

/** Every difference between the site after apply and what it must hold, and every duplicate. */
export function compareState(
  desired: Desired,
  before: EmulatorSnapshot,
  after: EmulatorSnapshot,
): StateProblem[] {
  const problems: StateProblem[] = [...duplicatesIn(after)];
  const expected = expectedState(desired, before);
  const note = (managed: boolean, message: string): void => {
    problems.push({ kind: managed ? "managed" : "unmanaged", message });
  };
  const beforeFieldIds = new Set(before.fields.map((f) => f.id));
  const fields = new Map(after.fields.map((f) => [nameKey(f.name), f]));
  for (const want of expected.fields) {
    const got = fields.get(nameKey(want.name));
    const what = `field ${JSON.stringify(want.name)}`;
    if (!got) {
      note(want.managed, `${what} is missing`);
      continue;
    }
    fields.delete(nameKey(want.name));
    if (got.type !== want.type)
      note(want.managed, `${what} has type ${got.type}`);
    if (!same(got.options ?? [], want.options ?? []))
      note(want.managed, `${what} has options ${JSON.stringify(got.options)}`);
    if (want.id !== undefined && got.id !== want.id)
      note(want.managed, `${what} changed id ${want.id} → ${got.id}`);
    if (want.id === undefined && beforeFieldIds.has(got.id))
      note(want.managed, `${what} should be a new field, has old id ${got.id}`);
  }
  for (const extra of fields.values())
    note(true, `field ${JSON.stringify(extra.name)} should not exist`);

  const beforeOrgIds = new Set(before.organizations.map((o) => o.id));
  const organizations = new Map(
    after.organizations.map((o) => [nameKey(o.name), o]),
  );
  for (const want of expected.organizations) {
    const what = `organization ${JSON.stringify(want.name)}`;
    const got = organizations.get(nameKey(want.name));
    if (!got) {
      note(want.managed, `${what} is missing`);
      continue;
    }
    organizations.delete(nameKey(want.name));
    if (!want.managed && got.name !== want.name)
      note(false, `${what} was renamed to ${JSON.stringify(got.name)}`);
    if (want.id !== undefined && got.id !== want.id)
      note(want.managed, `${what} changed id ${want.id} → ${got.id}`);
    if (want.id === undefined && beforeOrgIds.has(got.id))
      note(true, `${what} should be new, has old id ${got.id}`);
    const details = new Map(
      Object.entries(got.details).map(([k, v]) => [nameKey(k), sorted(v)]),
    );
    for (const key of new Set([...details.keys(), ...want.details.keys()])) {
      const a = details.get(key) ?? [];
      const b = want.details.get(key) ?? [];
      if (!same(a, b))
        note(
          want.managed,
          `${what} detail ${JSON.stringify(key)} is ${JSON.stringify(a)}, expected ${JSON.stringify(b)}`,
        );
    }
    if (!same(sorted(got.products), want.products))
      note(
        want.managed,
        `${what} products ${JSON.stringify(sorted(got.products))}, expected ${JSON.stringify(want.products)}`,
      );
    for (const [product, id] of want.entitlementIds)
      if (got.entitlementIds[product] !== id)
        note(want.managed, `${what} entitlement of ${product} changed id`);
    if (!same(sorted(got.customers), want.customers))
      note(want.managed, `${what} customers ${JSON.stringify(got.customers)}`);
  }
  for (const extra of organizations.values())
    note(true, `organization ${JSON.stringify(extra.name)} should not exist`);

  if (JSON.stringify(after.products) !== JSON.stringify(before.products))
    note(false, "the product list changed");
  return problems;
}

/** Fields or organizations whose names differ only in case or spaces, and repeated entitlements. */
export function duplicatesIn(state: EmulatorSnapshot): StateProblem[] {
  const problems: StateProblem[] = [];
  const repeated = (what: string, keys: readonly string[]): void => {
    const seen = new Set<string>();
    for (const key of keys) {
      if (seen.has(key))
        problems.push({
          kind: "duplicate",
          message: `${what} ${JSON.stringify(key)} twice`,
        });
      seen.add(key);
    }
  };
  repeated(
    "field",
    state.fields.map((f) => nameKey(f.name)),
  );
  repeated(
    "organization",
    state.organizations.map((o) => nameKey(o.name)),
  );
  repeated(
    "entitlement id",
    state.organizations.flatMap((o) => Object.values(o.entitlementIds)),
  );
  for (const o of state.organizations)
    repeated(`product of ${JSON.stringify(o.name)}`, o.products);
  return problems;
}
