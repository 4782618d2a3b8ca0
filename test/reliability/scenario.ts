/**
 * Random starting sites and manifests for the fault-injection convergence suite. Name pools
 * are small so that renames, case variants, option edits, type changes (replacements) and
 * `ensure: absent` meet often. Every site also holds data no manifest names (fields, whole
 * organizations, detail keys, entitlements) that apply must leave exactly as it was.
 *
 * The manifests are YAML text, loaded by the real loader, so each case also checks that
 * what the generator writes is a valid manifest set.
 */
import fc from "fast-check";
import YAML from "yaml";

import type {
  EmulatorSeed,
  SeedField,
  SeedOrganization,
} from "../../src/emulator/index.js";
import { lookupFieldType, nameKey } from "../../src/model/index.js";

/** Names manifests may declare as fields. */
const FIELD_NAMES = ["Region", "Tier", "Renewal date", "Tags", "Notes"];
/** Names that only ever appear as a field's previous name (renames). */
const OLD_FIELD_NAMES = ["Level", "Zone"];
/** Fields every site has and no manifest names. */
const UNMANAGED_FIELDS: readonly SeedField[] = [
  { name: "Legacy ID", type: "TEXT" },
  { name: "Segment", type: "SELECT", options: ["Small", "Large"] },
];
const ORG_NAMES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark"];
/** Names that only ever appear as an organization's previous name. */
const OLD_ORG_NAMES = ["Acme Inc", "Globex Ltd", "Old Initech"];
/** Organizations every site has and no manifest names. */
const BYSTANDERS = ["Bystander One", "Bystander Two"];
const PRODUCTS = [
  { id: "5b8f6f0e-1d2c-4a3b-9c4d-000000000001", name: "Widget" },
  { id: "5b8f6f0e-1d2c-4a3b-9c4d-000000000002", name: "Gadget" },
  { id: "5b8f6f0e-1d2c-4a3b-9c4d-000000000003", name: "Gizmo" },
] as const;
const CUSTOMERS = [
  "qm:7d1c2b3a-0000-4000-8000-000000000001:c1",
  "qm:7d1c2b3a-0000-4000-8000-000000000002:c2",
  "qm:7d1c2b3a-0000-4000-8000-000000000003:c3",
];
const TYPES = ["TEXT", "SELECT", "MULTISELECT", "DATE"];
const OPTIONS = ["Gold", "Silver", "Bronze", "EU", "US"];

/** One generated case: the site to start from and the manifests to converge it to. */
export interface Scenario {
  readonly seed: EmulatorSeed;
  /** One YAML file holding every manifest document. */
  readonly manifest: string;
  /** Seeds the emulator's randomness (which requests fail, and how). */
  readonly randomSeed: number;
  /** Changes in flight at once while applying. */
  readonly concurrency: number;
  /**
   * How many times the client sends a call in all. Below the default of 6, faults often
   * outlast the retries, so changes fail and later rounds must finish the job.
   */
  readonly maxAttempts: number;
}

interface Shape {
  readonly type: string;
  readonly options?: readonly string[];
}

/** A field detail keys may name, with the shape its values must fit. */
type NamedShape = Shape & { readonly name: string };

const shape: fc.Arbitrary<Shape> = fc
  .record({
    type: fc.constantFrom(...TYPES),
    options: fc.shuffledSubarray(OPTIONS, { minLength: 1 }),
  })
  .map(({ type, options }) =>
    lookupFieldType(type).hasOptions ? { type, options } : { type },
  );

/** Values that fit a field of this shape (never empty). */
function valuesFor(field: Shape): fc.Arbitrary<string[]> {
  const options = [...(field.options ?? ["none"])];
  switch (field.type) {
    case "SELECT":
      return fc.constantFrom(...options).map((v) => [v]);
    case "MULTISELECT":
      return fc.shuffledSubarray(options, { minLength: 1 });
    case "DATE":
      return fc.constantFrom(["2027-01-31"], ["2026-12-01"]);
    default:
      return fc.constantFrom(["alpha"], ["beta"], ["gamma delta"]);
  }
}

const caseOf = fc.constantFrom(
  (s: string) => s,
  (s: string) => s.toLowerCase(),
  (s: string) => s.toUpperCase(),
);

/** A fixed-length tuple of arbitraries (fc.tuple of a computed number of parts). */
function all<T>(parts: readonly fc.Arbitrary<T>[]): fc.Arbitrary<T[]> {
  return parts.length === 0 ? fc.constant([]) : fc.tuple(...parts);
}

function seedOrganization(
  name: string,
  fields: readonly SeedField[],
): fc.Arbitrary<SeedOrganization> {
  return fc
    .record({
      details: all(fields.map((f) => fc.option(valuesFor(f), { freq: 2 }))),
      products: fc.subarray(PRODUCTS.map((p) => p.name)),
      customers: fc.subarray(CUSTOMERS),
    })
    .map(({ details, products, customers }) => ({
      name,
      details: Object.fromEntries(
        fields.flatMap((f, i) => (details[i] ? [[f.name, details[i]]] : [])),
      ),
      products,
      customers,
    }));
}

const site: fc.Arbitrary<EmulatorSeed> = fc
  .record({
    fieldNames: fc.subarray([...FIELD_NAMES, ...OLD_FIELD_NAMES]),
    shapes: fc.array(shape, { minLength: 7, maxLength: 7 }),
    orgNames: fc.subarray([...ORG_NAMES, ...OLD_ORG_NAMES]),
    variants: fc.array(caseOf, { minLength: 9, maxLength: 9 }),
  })
  .chain(({ fieldNames, shapes, orgNames, variants }) => {
    const fields: SeedField[] = [
      ...fieldNames.map((name, i) => ({ name, ...shapes[i]! })),
      ...UNMANAGED_FIELDS,
    ];
    const names = [
      ...orgNames.map((name, i) => variants[i]!(name)),
      ...BYSTANDERS,
    ];
    return all(names.map((name) => seedOrganization(name, fields))).map(
      (organizations): EmulatorSeed => ({
        fields,
        products: PRODUCTS.map((p) => ({ ...p })),
        organizations,
      }),
    );
  });

type Doc = Record<string, unknown>;

function fieldDocuments(
  seed: EmulatorSeed,
): fc.Arbitrary<{ declared: Doc | undefined; usable: NamedShape[] }> {
  const live = new Map((seed.fields ?? []).map((f) => [nameKey(f.name), f]));
  const entry = fc.record({
    keepType: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
    shape,
    variant: caseOf,
    previous: fc.option(fc.constantFrom(...OLD_FIELD_NAMES), { freq: 3 }),
  });
  return fc
    .record({
      declared: fc.integer({ min: 0, max: 6 }).map((n) => n > 0),
      prune: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      names: fc.subarray(FIELD_NAMES),
      entries: fc.array(entry, { minLength: 5, maxLength: 5 }),
    })
    .map(({ declared, prune, names, entries }) => {
      if (!declared) {
        // Fields unmanaged: detail keys name live fields and values fit them.
        return { declared: undefined, usable: [...(seed.fields ?? [])] };
      }
      const claimed = new Set<string>();
      const fields = names.map((name, i) => {
        const { keepType, variant, previous } = entries[i]!;
        // The planner refuses a field whose name and previous name are both on the site.
        const previousNames =
          previous !== null &&
          !claimed.has(previous) &&
          !(live.has(nameKey(name)) && live.has(nameKey(previous)))
            ? [previous]
            : [];
        for (const p of previousNames) claimed.add(p);
        const matched =
          live.get(nameKey(name)) ??
          (previousNames[0] ? live.get(nameKey(previousNames[0])) : undefined);
        const kept: Shape =
          keepType && matched
            ? lookupFieldType(matched.type).hasOptions
              ? {
                  type: matched.type,
                  options: entries[i]!.shape.options ?? OPTIONS,
                }
              : { type: matched.type }
            : entries[i]!.shape;
        return { name: variant(name), ...kept, previousNames };
      });
      const doc: Doc = {
        apiVersion: "orgsync/v1",
        kind: "DetailFields",
        prune,
        fields: fields.map(({ previousNames, ...f }) =>
          previousNames.length > 0 ? { ...f, previousNames } : f,
        ),
      };
      return { declared: doc, usable: fields };
    });
}

function organizationEntries(
  seed: EmulatorSeed,
  usable: readonly NamedShape[],
): fc.Arbitrary<Doc[]> {
  const liveKeys = new Set(
    (seed.organizations ?? []).map((o) => nameKey(o.name)),
  );
  const productRef = fc.constantFrom(
    ...PRODUCTS.flatMap((p) => [p.id, p.name, ` ${p.name.toUpperCase()} `]),
  );
  const entry = (name: string) =>
    fc.record({
      name: caseOf.map((variant) => variant(name)),
      absent: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
      previous: fc.option(fc.constantFrom(...OLD_ORG_NAMES), { freq: 2 }),
      details: all(
        usable.map((f) =>
          fc.option(fc.oneof(valuesFor(f), fc.constant([])), { freq: 2 }),
        ),
      ),
      products: fc.option(fc.uniqueArray(productRef, { maxLength: 3 })),
      pruneProducts: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      customers: fc.option(fc.subarray(CUSTOMERS)),
    });
  return fc
    .subarray(ORG_NAMES, { minLength: 1 })
    .chain((names) => all(names.map(entry)))
    .map((entries) => {
      const claimed = new Set<string>();
      return entries.map((e): Doc => {
        if (e.absent) return { name: e.name, ensure: "absent" };
        // A previous name only for an organization the site lacks under its own name: the
        // planner refuses a name and a previous name that are two organizations.
        const previousNames =
          e.previous !== null &&
          !claimed.has(e.previous) &&
          !liveKeys.has(nameKey(e.name))
            ? [e.previous]
            : [];
        for (const p of previousNames) claimed.add(p);
        const details = Object.fromEntries(
          usable.flatMap((f, i) => {
            const values = e.details[i];
            return values === null || values === undefined
              ? []
              : [[f.name, values.length === 1 ? values[0] : values]];
          }),
        );
        // Product references must be unique after trimming and case-folding.
        const products = e.products
          ? [...new Map(e.products.map((r) => [productKey(r), r])).values()]
          : null;
        return {
          name: e.name,
          ...(previousNames.length > 0 ? { previousNames } : {}),
          ...(Object.keys(details).length > 0 ? { details } : {}),
          ...(products ? { products } : {}),
          ...(e.pruneProducts ? { pruneProducts: true } : {}),
          ...(e.customers ? { customers: e.customers } : {}),
        };
      });
    });
}

/** The product a reference names (by id, or by name trimmed and case-folded). */
export function productKey(reference: string): string {
  const key = nameKey(reference);
  return (
    PRODUCTS.find((p) => p.id === key || nameKey(p.name) === key)?.id ?? key
  );
}

/** A starting site and manifests that the loader accepts, with fault randomness and concurrency. */
export const scenarioArbitrary: fc.Arbitrary<Scenario> = site.chain((seed) =>
  fieldDocuments(seed).chain(({ declared, usable }) =>
    fc
      .record({
        organizations: organizationEntries(seed, usable),
        split: fc.boolean(),
        randomSeed: fc.nat(),
        concurrency: fc.constantFrom(1, 2, 4, 8),
        maxAttempts: fc.constantFrom(2, 3, 6),
      })
      .map(({ organizations, split, randomSeed, ...client }) => {
        const docs: Doc[] = declared ? [declared] : [];
        const [first, ...rest] = organizations;
        // Both kinds of organization document, so both paths of the loader are used.
        if (split && first) {
          docs.push({
            apiVersion: "orgsync/v1",
            kind: "Organization",
            ...first,
          });
          if (rest.length > 0)
            docs.push({
              apiVersion: "orgsync/v1",
              kind: "Organizations",
              organizations: rest,
            });
        } else {
          docs.push({
            apiVersion: "orgsync/v1",
            kind: "Organizations",
            organizations,
          });
        }
        const manifest = docs.map((doc) => YAML.stringify(doc)).join("---\n");
        return { seed, manifest, randomSeed, ...client };
      }),
  ),
);
