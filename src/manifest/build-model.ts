import { cleanName, nameKey, type OtherEntity } from "../model/index.js";
import type {
  DetailFieldInput,
  DetailFieldsDocument,
  DetailsInput,
  OrganizationDefaultsInput,
  OrganizationInput,
  OrganizationsDocument,
  ProductInput,
  ScalarInput,
} from "./manifest-types.js";
import type {
  DetailEntry,
  FieldDocumentEntry,
  FieldEntry,
  ListEntry,
  ManifestModel,
  NamedEntry,
  OrganizationEntry,
  ProductDetailsEntry,
  ValueEntry,
  Where,
} from "./manifest-model.js";
import { childWhere, documentWhere, pointerOf } from "./manifest-model.js";
import type { ParsedDocument } from "./parsed-document.js";

/** A document that passed the schema, except perhaps inside some list items. */
export interface CheckedDocument {
  readonly doc: ParsedDocument;
  /** Pointers of `fields` / `organizations` items that have schema errors: left out. */
  readonly brokenItems: ReadonlySet<string>;
}

/**
 * Builds the model the rules check from schema-checked documents, in document order. Names
 * and values are trimmed, scalars become one-element lists, numbers and booleans are read as
 * written, and `Organizations` defaults are merged into each organization.
 */
export function buildModel(
  documents: readonly CheckedDocument[],
): ManifestModel {
  const newEntity = () => ({
    fieldDocuments: [] as FieldDocumentEntry[],
    fields: [] as FieldEntry[],
    brokenFields: new Map<string, string>(),
  });
  const own = newEntity();
  const entities: Record<OtherEntity, ReturnType<typeof newEntity>> = {
    entitlement: newEntity(),
    customer: newEntity(),
  };
  const organizations: OrganizationEntry[] = [];
  const pruneOrganizations: ManifestModel["pruneOrganizations"][number][] = [];

  for (const { doc, brokenItems } of documents) {
    const value = doc.value as { kind: string };
    const root = documentWhere(doc);
    if (value.kind === "DetailFields") {
      const written = doc.value as DetailFieldsDocument;
      const { fieldDocuments, fields, brokenFields } =
        written.entity === undefined || written.entity === "organization"
          ? own
          : entities[written.entity];
      fieldDocuments.push({ prune: written.prune, at: at(root, "prune") });
      written.fields.forEach((field, index) => {
        const where = at(root, "fields", index);
        if (brokenItems.size > 0 && brokenItems.has(pointerOf(where))) {
          // A broken item may be anything, a bare `-` (null) included.
          const name = (field as { name?: unknown } | null)?.name;
          if (typeof name === "string") {
            brokenFields.set(nameKey(name), cleanName(name));
          }
          return;
        }
        fields.push(readField(field, where));
      });
    } else if (value.kind === "Organization") {
      organizations.push(
        readOrganization(doc.value as OrganizationInput, root, undefined),
      );
    } else if (value.kind === "Organizations") {
      const written = doc.value as OrganizationsDocument;
      if (written.pruneOrganizations !== undefined) {
        pruneOrganizations.push({
          prune: written.pruneOrganizations,
          at: at(root, "pruneOrganizations"),
        });
      }
      const defaults = written.defaults
        ? readDefaults(written.defaults, at(root, "defaults"))
        : undefined;
      written.organizations.forEach((organization, index) => {
        const where = at(root, "organizations", index);
        if (brokenItems.size > 0 && brokenItems.has(pointerOf(where))) return;
        organizations.push(readOrganization(organization, where, defaults));
      });
    }
  }
  return {
    ...own,
    organizations,
    pruneOrganizations,
    entities,
  };
}

function at(where: Where, key: string | number, index?: number): Where {
  const child = childWhere(where, key);
  return index === undefined ? child : childWhere(child, index);
}

function named(name: string, where: Where): NamedEntry {
  const clean = cleanName(name);
  return { name: clean, key: nameKey(clean), at: where };
}

/** A scalar as text: strings trimmed, numbers and booleans exactly as written. */
function scalarText(value: ScalarInput, where: Where): string {
  if (typeof value === "string") return value.trim();
  return (
    where.doc.writtenText(where.parent?.value, where.key ?? "") ?? String(value)
  );
}

/** An organization id: a YAML number as its digits, without leading zeros (`002` is id 2). */
function idText(value: ScalarInput, where: Where): string {
  const text = scalarText(value, where);
  return typeof value === "number" ? text.replace(/^0+(?=\d)/, "") : text;
}

const NONE: readonly never[] = Object.freeze([]);
const NO_KEYS: ReadonlyMap<string, Where> = new Map();

function readField(field: DetailFieldInput, where: Where): FieldEntry {
  const name = cleanName(field.name);
  const ensure = field.ensure ?? "present";
  const extraKeys = new Map<string, Where>();
  if (ensure === "absent") {
    for (const key of ["options", "previousNames"] as const) {
      if (field[key] !== undefined) extraKeys.set(key, at(where, key));
    }
  }
  return {
    name,
    key: nameKey(name),
    at: where,
    type: field.type,
    ensure,
    extraKeys,
    options: field.options?.map((option, index) => {
      const item = at(where, "options", index);
      return named(scalarText(option, item), item);
    }),
    previousNames: readNames(field.previousNames, where, "previousNames"),
  };
}

function readNames(
  names: readonly string[] | undefined,
  where: Where,
  key: string,
): readonly NamedEntry[] {
  if (!names || names.length === 0) return NONE;
  const list = at(where, key);
  return names.map((name, index) => named(name, childWhere(list, index)));
}

function readList(
  items: readonly string[] | undefined,
  where: Where,
  key: string,
): ListEntry | undefined {
  if (items === undefined) return undefined;
  const list = at(where, key);
  return {
    items: items.map((item, index) => named(item, childWhere(list, index))),
    at: list,
  };
}

function readServiceDesks(
  refs: readonly (string | number)[] | undefined,
  where: Where,
): ListEntry | undefined {
  if (refs === undefined) return undefined;
  const list = at(where, "serviceDesks");
  return {
    items: refs.map((ref, index) => {
      const item = childWhere(list, index);
      const text = scalarText(ref, item);
      return { name: text, key: text, at: item };
    }),
    at: list,
  };
}

/** A products list: each entry's name (at the name of an entry with details), and its details. */
function readProducts(
  products: readonly ProductInput[] | undefined,
  where: Where,
): { list?: ListEntry; details?: readonly ProductDetailsEntry[] } {
  if (products === undefined) return {};
  const list = at(where, "products");
  const details: ProductDetailsEntry[] = [];
  const items = products.map((product, index) => {
    const item = childWhere(list, index);
    if (typeof product === "string") return named(product, item);
    const entry = named(product.name, item);
    if (product.details !== undefined) {
      details.push({
        ...entry,
        details: readDetails(product.details, item, false),
      });
    }
    return named(product.name, childWhere(item, "name"));
  });
  return { list: { items, at: list }, details };
}

function readDetails(
  details: DetailsInput | undefined,
  where: Where,
  fromDefaults: boolean,
): readonly DetailEntry[] {
  if (!details) return NONE;
  const map = at(where, "details");
  return Object.keys(details).map((written) => {
    const entry = childWhere(map, written);
    const value = details[written] ?? null;
    const values: ValueEntry[] =
      value === null
        ? []
        : Array.isArray(value)
          ? (value as readonly ScalarInput[]).map((item, index) => {
              const itemAt = childWhere(entry, index);
              return { text: scalarText(item, itemAt), at: itemAt };
            })
          : [{ text: scalarText(value as ScalarInput, entry), at: entry }];
    const name = cleanName(written);
    return { name, key: nameKey(name), at: entry, values, fromDefaults };
  });
}

interface Defaults {
  readonly details: readonly DetailEntry[];
  readonly products: ReturnType<typeof readProducts>;
  readonly pruneProducts: boolean | undefined;
}

function readDefaults(
  defaults: OrganizationDefaultsInput,
  where: Where,
): Defaults {
  return {
    details: readDetails(defaults.details, where, true),
    products: readProducts(defaults.products, where),
    pruneProducts: defaults.pruneProducts,
  };
}

/** The keys an organization wrote itself, for the rule on absent organizations. */
function ownKeysOf(organization: OrganizationInput, where: Where) {
  const keys = new Map<string, Where>();
  for (const key of Object.keys(organization)) {
    if (key !== "apiVersion" && key !== "kind" && key !== "name") {
      keys.set(key, at(where, key));
    }
  }
  return keys;
}

function readOrganization(
  organization: OrganizationInput,
  where: Where,
  defaults: Defaults | undefined,
): OrganizationEntry {
  const ensure = organization.ensure ?? "present";
  // An organization to delete takes nothing from defaults (and may set nothing itself).
  const inherited = ensure === "present" ? defaults : undefined;
  const own = readDetails(organization.details, where, false);
  let details = own;
  if (inherited && inherited.details.length > 0) {
    if (own.length === 0) {
      details = inherited.details;
    } else {
      const overridden = new Set(own.map((detail) => detail.key));
      details = own.concat(
        inherited.details.filter((detail) => !overridden.has(detail.key)),
      );
    }
  }
  const name = cleanName(organization.name);
  const products =
    organization.products === undefined
      ? (inherited?.products ?? {})
      : readProducts(organization.products, where);
  const idAt = at(where, "id");
  return {
    name,
    key: nameKey(name),
    at: where,
    id:
      organization.id === undefined
        ? undefined
        : { text: idText(organization.id, idAt), at: idAt },
    previousNames: readNames(
      organization.previousNames,
      where,
      "previousNames",
    ),
    ensure,
    details,
    products: products.list,
    ...(products.details?.length ? { productDetails: products.details } : {}),
    pruneProducts:
      organization.pruneProducts ?? inherited?.pruneProducts ?? false,
    customers: readList(organization.customers, where, "customers"),
    pruneCustomers: organization.pruneCustomers ?? false,
    serviceDesks: readServiceDesks(organization.serviceDesks, where),
    pruneServiceDesks: organization.pruneServiceDesks ?? false,
    ownKeys: ensure === "absent" ? ownKeysOf(organization, where) : NO_KEYS,
  };
}
