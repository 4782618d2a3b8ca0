import fc from "fast-check";

import {
  lookupFieldType,
  nameKey,
  type Desired,
  type DesiredField,
  type DesiredOrganization,
  type Live,
  type LiveField,
  type LiveOrganization,
} from "../../src/model/index.js";
import { PRODUCTS, at } from "./builders.js";

/**
 * Random desired and live states over small name pools, so that names collide often: case
 * variants, renames through previous names, type changes, MULTISELECT order, date forms,
 * prune on and off. Desired states obey the loader's rules (unique names, a name claimed
 * once through previousNames, values that fit the field).
 */

const FIELD_NAMES = [
  "Region",
  "Tier",
  "Level",
  "Score",
  "Renewal date",
  "Tags",
];
const ORG_NAMES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli"];
const TYPES = ["TEXT", "SELECT", "MULTISELECT", "DATE", "NUMBER"];
const OPTIONS = ["A", "B", "C", "D"];
const CUSTOMERS = ["qm:1", "qm:2", "qm:3"];

/** One value from each arbitrary, as a list (fc.tuple of a computed number of parts). */
function all<T>(parts: readonly fc.Arbitrary<T>[]): fc.Arbitrary<T[]> {
  return parts.length === 0 ? fc.constant([]) : fc.tuple(...parts);
}

const caseOf = fc.constantFrom(
  (s: string) => s,
  (s: string) => s.toLowerCase(),
  (s: string) => s.toUpperCase(),
);

interface FieldShape {
  readonly type: string;
  readonly options?: readonly string[];
}

const fieldShape: fc.Arbitrary<FieldShape> = fc
  .record({
    type: fc.constantFrom(...TYPES),
    options: fc.shuffledSubarray(OPTIONS, { minLength: 1 }),
  })
  .map(({ type, options }) =>
    lookupFieldType(type).hasOptions ? { type, options } : { type },
  );

/** Values that fit a field; `live` adds the forms a site may answer with. */
function valuesFor(shape: FieldShape, live: boolean): fc.Arbitrary<string[]> {
  switch (shape.type) {
    case "SELECT":
      return fc.constantFrom(...(shape.options ?? [])).map((v) => [v]);
    case "MULTISELECT":
      return fc.shuffledSubarray([...(shape.options ?? [])]);
    case "DATE":
      return fc
        .tuple(fc.constantFrom("2027-01-31", "2026-12-01"), fc.boolean())
        .map(([date, stamp]) => [live && stamp ? `${date}T00:00:00Z` : date]);
    case "NUMBER":
      return fc.constantFrom(["1"], ["2.5"], ["10"], live ? ["1.0"] : ["1"]);
    default:
      return fc.constantFrom(["x"], ["y"], ["z"]);
  }
}

const liveFields: fc.Arbitrary<LiveField[]> = fc
  .tuple(
    fc.subarray(FIELD_NAMES),
    fc.array(fc.tuple(fieldShape, caseOf), {
      minLength: FIELD_NAMES.length,
      maxLength: FIELD_NAMES.length,
    }),
  )
  .map(([names, shapes]) =>
    names.map((name, i) => {
      const [shape, variant] = shapes[i]!;
      return { name: variant(name), ...shape };
    }),
  );

function liveOrganizations(
  fields: readonly LiveField[],
): fc.Arbitrary<LiveOrganization[]> {
  const organization = (name: string, index: number) =>
    fc
      .record({
        variant: caseOf,
        details: all(fields.map((field) => fc.option(valuesFor(field, true)))),
        products: fc.subarray([...PRODUCTS]),
        customers: fc.subarray(CUSTOMERS),
      })
      .map(({ variant, details, products, customers }): LiveOrganization => ({
        id: `live-${index}`,
        name: variant(name),
        details: fields.flatMap((field, i) => {
          const values = details[i];
          return values && values.length > 0
            ? [{ name: field.name, type: field.type, values }]
            : [];
        }),
        entitlements: products.map((product) => ({
          id: `ent-${index}-${product.id.slice(-2)}`,
          productId: product.id,
          productName: product.name,
        })),
        customers,
      }));
  return fc
    .subarray(ORG_NAMES)
    .chain((names) => all(names.map((name, i) => organization(name, i))));
}

const liveState: fc.Arbitrary<Live> = liveFields.chain((fields) =>
  fc
    .record({
      organizations: liveOrganizations(fields),
      productsRead: fc.boolean(),
    })
    .map(({ organizations, productsRead }) => ({
      fields,
      organizations,
      ...(productsRead ? { products: PRODUCTS } : {}),
    })),
);

/**
 * Desired fields. Most keep the type of the live field they manage (under their name or a
 * previous name) so that option edits and renames are common, not only replaces.
 */
function desiredFields(live: Live): fc.Arbitrary<DesiredField[]> {
  const liveByKey = new Map(live.fields.map((f) => [nameKey(f.name), f]));
  const entry = fc.record({
    shape: fieldShape,
    keepType: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
    variant: caseOf,
    // Previous names are mostly names the site has, so that renames are common.
    previous: fc.option(
      fc.constantFrom(
        ...live.fields.map((f) => f.name.toLowerCase()),
        ...FIELD_NAMES,
      ),
      { freq: 5 },
    ),
  });
  return fc
    .tuple(
      fc.subarray(FIELD_NAMES),
      fc.array(entry, {
        minLength: FIELD_NAMES.length,
        maxLength: FIELD_NAMES.length,
      }),
    )
    .map(([names, entries]) => {
      const taken = new Set(names.map(nameKey));
      return names.map((name, i): DesiredField => {
        const { shape, keepType, variant, previous } = entries[i]!;
        // The planner refuses a field whose name and previous name are both on the site.
        const claim =
          previous !== null &&
          !taken.has(nameKey(previous)) &&
          !liveByKey.has(nameKey(name))
            ? [previous]
            : [];
        for (const p of claim) taken.add(nameKey(p));
        const managed =
          liveByKey.get(nameKey(name)) ??
          (claim[0] === undefined
            ? undefined
            : liveByKey.get(nameKey(claim[0])));
        const kept =
          keepType && managed
            ? lookupFieldType(managed.type).hasOptions
              ? {
                  type: managed.type,
                  options: shape.options ?? managed.options ?? OPTIONS,
                }
              : { type: managed.type }
            : shape;
        return {
          name: variant(name),
          ...kept,
          previousNames: claim,
          source: at(),
        };
      });
    });
}

function desiredOrganizations(
  fields: readonly { name: string; shape: FieldShape }[],
  live: Live,
): fc.Arbitrary<DesiredOrganization[]> {
  const liveKeys = new Set(live.organizations.map((o) => nameKey(o.name)));
  const organization = (name: string) =>
    fc
      .record({
        variant: caseOf,
        previous: fc.option(fc.constantFrom(...ORG_NAMES)),
        absent: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
        details: fc.tuple(
          ...fields.map((field) =>
            fc.option(fc.oneof(valuesFor(field.shape, false), fc.constant([]))),
          ),
        ),
        products: fc.option(
          fc
            .subarray([...PRODUCTS])
            .chain((products) =>
              fc.tuple(
                ...products.map((p) =>
                  live.products
                    ? fc.constantFrom(p.id, p.name, ` ${p.name.toLowerCase()} `)
                    : fc.constant(p.id),
                ),
              ),
            ),
        ),
        pruneProducts: fc.boolean(),
        customers: fc.option(fc.subarray(CUSTOMERS)),
      })
      .map((r) => ({ name: r.variant(name), ...r }));
  return fc
    .subarray(ORG_NAMES)
    .chain((names) => all(names.map(organization)))
    .map((entries) => {
      const taken = new Set(entries.map((e) => nameKey(e.name)));
      return entries.map((entry): DesiredOrganization => {
        // The loader's rule (a name claimed once) and the planner's (a name and a previous
        // name must not be two organizations on the site) are kept by construction.
        const previous = entry.previous;
        const claim =
          previous !== null &&
          !taken.has(nameKey(previous)) &&
          !liveKeys.has(nameKey(entry.name))
            ? [previous]
            : [];
        for (const p of claim) taken.add(nameKey(p));
        return {
          name: entry.name,
          previousNames: claim,
          ensure: entry.absent ? "absent" : "present",
          details: fields.flatMap((field, i) => {
            const values = entry.details[i];
            return values === null || values === undefined
              ? []
              : [{ name: field.name, values, source: at() }];
          }),
          ...(entry.products !== null
            ? { products: { items: entry.products, source: at() } }
            : {}),
          pruneProducts: entry.pruneProducts,
          ...(entry.customers !== null
            ? { customers: { items: entry.customers, source: at() } }
            : {}),
          source: at(),
        };
      });
    });
}

/** A live state and a desired state that the loader would accept for it. */
export const scenario: fc.Arbitrary<{ desired: Desired; live: Live }> =
  liveState.chain((live) =>
    fc
      .record({
        declared: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
        prune: fc.boolean(),
        fields: desiredFields(live),
      })
      .chain(({ declared, prune, fields }) => {
        // Detail keys name declared fields, or live fields when none are declared.
        const usable = declared
          ? fields.map((f) => ({ name: f.name, shape: f }))
          : live.fields.map((f) => ({ name: f.name, shape: f }));
        return desiredOrganizations(usable, live).map(
          (organizations): { desired: Desired; live: Live } => ({
            desired: {
              fields: { declared, prune, items: declared ? fields : [] },
              organizations,
            },
            live,
          }),
        );
      }),
  );
