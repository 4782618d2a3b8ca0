import { posix } from "node:path";

import {
  checkFieldValues,
  findFieldType,
  indexByName,
  nameKey,
  normalizeValues,
  OTHER_ENTITIES,
  type LiveDetail,
  type LiveField,
  type LiveOrganization,
  type LiveProduct,
  type OtherEntity,
} from "../model/index.js";
import { organizationFileNames } from "./file-names.js";
import { manifestYaml, type YamlValue } from "./manifest-yaml.js";

/** What the site holds, as far as it was read. */
export interface ExportSource {
  readonly fields: readonly LiveField[];
  /** The entitlement and customer fields; each entity with fields gets a file of its own. */
  readonly entityFields?: Readonly<
    Partial<Record<OtherEntity, readonly LiveField[]>>
  >;
  readonly organizations: readonly LiveOrganization[];
  /**
   * The site's products. When given, an entitlement whose product name is shared by two
   * products is written by id, since a name would be ambiguous.
   */
  readonly products?: readonly LiveProduct[];
}

/**
 * Where the `# yaml-language-server: $schema=` modeline of each file points: a URL, or a
 * path relative to the output directory (each file gets the path relative to itself).
 */
export type SchemaRef = { readonly url: string } | { readonly path: string };

/** Options of `exportManifests`. */
export interface ExportOptions {
  readonly schema: SchemaRef;
  /** Write only `fields.yaml`. @default false */
  readonly fieldsOnly?: boolean;
  /**
   * The names file names are chosen among (they depend on the set: see
   * `organizationFileNames`), when some organizations read are not written. Each organization
   * then gets the file it would get were all of them exported. @default the organizations
   */
  readonly fileNamesAmong?: readonly string[];
}

/** One file to write, at a POSIX path relative to the output directory. */
export interface ExportFile {
  readonly path: string;
  readonly text: string;
}

/** The files, and what was left out of them and why. */
export interface ExportResult {
  readonly files: readonly ExportFile[];
  readonly warnings: readonly string[];
}

/** The file holding the detail fields, relative to the output directory. */
export const FIELDS_FILE = "fields.yaml";
/** The file holding an entity's detail fields (`entitlement-fields.yaml`...). */
export const entityFieldsFile = (entity: OtherEntity): string =>
  `${entity}-fields.yaml`;
/** The folder holding one file per organization, relative to the output directory. */
export const ORGANIZATIONS_DIR = "organizations";

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** Names sort as people read them (case-insensitively), ties broken exactly. */
const byName = (a: string, b: string): number =>
  byText(nameKey(a), nameKey(b)) || byText(a, b);

/**
 * Manifests from live state (pure): `fields.yaml` with every detail field in the site's order
 * (the order the site lists them, by `configuration.position` where given), likewise
 * `entitlement-fields.yaml` and `customer-fields.yaml` (`entity:` documents) for the entities
 * that have fields, and `organizations/<stem>.yaml` with one `Organization` document per organization — keys
 * in a fixed order (apiVersion, kind, name, id, details, products, customers), details sorted by
 * field name, products by name (a product whose entitlement holds detail values as a mapping
 * of `name` and `details`), customers by id. The same site always gives the same bytes.
 *
 * Nothing is invented and nothing the manifests could not say back is written: a field of a
 * type orgsync does not know, and a value the manifest loader would reject (a SELECT value
 * that is no longer an option, a malformed email), are left out — unmanaged, so planning the
 * files still shows no changes — and each is named in `warnings`.
 */
export function exportManifests(
  source: ExportSource,
  options: ExportOptions,
): ExportResult {
  const warnings: string[] = [];
  const known = knownFields(source.fields, "", warnings);
  const files: ExportFile[] = [
    {
      path: FIELDS_FILE,
      text: manifestYaml(
        schemaRefFor(FIELDS_FILE, options.schema),
        fieldsDocument(known),
      ),
    },
  ];
  const entitlementFields = new Map<string, LiveField>();
  for (const entity of OTHER_ENTITIES) {
    const fields = knownFields(
      source.entityFields?.[entity] ?? [],
      `${entity} `,
      warnings,
    );
    if (fields.length === 0) continue;
    if (entity === "entitlement") {
      for (const [key, field] of indexByName(fields, (f) => f.name))
        entitlementFields.set(key, field);
    }
    const path = entityFieldsFile(entity);
    files.push({
      path,
      text: manifestYaml(
        schemaRefFor(path, options.schema),
        fieldsDocument(fields, entity),
      ),
    });
  }
  if (options.fieldsOnly) return { files, warnings };

  const fieldIndex = indexByName(known, (field) => field.name);
  const ambiguousProducts = ambiguousNames(source.products ?? []);
  const organizations = [...source.organizations].sort((a, b) =>
    byName(a.name, b.name),
  );
  const stems = organizationFileNames([
    ...(options.fileNamesAmong ?? []),
    ...organizations.map((org) => org.name),
  ]);
  for (const organization of organizations) {
    const path = `${ORGANIZATIONS_DIR}/${stems.get(organization.name)!}.yaml`;
    const document = organizationDocument(
      organization,
      { organization: fieldIndex, entitlement: entitlementFields },
      ambiguousProducts,
      warnings,
    );
    files.push({
      path,
      text: manifestYaml(schemaRefFor(path, options.schema), document),
    });
  }
  return { files, warnings };
}

/** The fields in the site's order, less those of a type orgsync does not know (warned). */
function knownFields(
  live: readonly LiveField[],
  entity: string,
  warnings: string[],
): LiveField[] {
  // A stable sort: fields without a position keep the order the site listed them in.
  const fields = [...live].sort(
    (a, b) =>
      (a.position ?? Number.MAX_SAFE_INTEGER) -
      (b.position ?? Number.MAX_SAFE_INTEGER),
  );
  return fields.filter((field) => {
    if (findFieldType(field.type)) return true;
    warnings.push(
      `${entity}field ${JSON.stringify(field.name)} has type ${JSON.stringify(field.type)}, which orgsync does not know: left out, with its values`,
    );
    return false;
  });
}

function fieldsDocument(
  fields: readonly LiveField[],
  entity?: OtherEntity,
): Map<string, YamlValue> {
  return new Map<string, YamlValue>([
    ["apiVersion", "orgsync/v1"],
    ["kind", "DetailFields"],
    ...(entity ? [["entity", entity] as [string, YamlValue]] : []),
    // Export never claims more than it read: fields created later are left alone.
    ["prune", false],
    [
      "fields",
      fields.map((field) => {
        const entry = new Map<string, YamlValue>([
          ["name", field.name],
          ["type", field.type],
        ]);
        if (findFieldType(field.type)?.hasOptions) {
          // Option order is the order the site shows them in: kept as read.
          entry.set("options", [...(field.options ?? [])]);
        }
        return entry;
      }),
    ],
  ]);
}

function organizationDocument(
  organization: LiveOrganization,
  fieldsOf: {
    readonly organization: ReadonlyMap<string, LiveField>;
    readonly entitlement: ReadonlyMap<string, LiveField>;
  },
  ambiguousProducts: ReadonlySet<string>,
  warnings: string[],
): Map<string, YamlValue> {
  const fields = fieldsOf.organization;
  const document = new Map<string, YamlValue>([
    ["apiVersion", "orgsync/v1"],
    ["kind", "Organization"],
    ["name", organization.name],
  ]);
  // The id keeps the organization found after a rename by hand (ids are per site). The
  // API's ids are digits; any other id could not be read back, so it is not written.
  if (/^[0-9]+$/.test(organization.id)) document.set("id", organization.id);
  const details = detailsMap(
    organization.name,
    organization.details,
    fields,
    warnings,
  );
  if (details.size > 0) document.set("details", details);

  // A product with entitlement detail values is a mapping of its name and details.
  const products = new Map<string, YamlValue>();
  for (const entitlement of organization.entitlements) {
    const name = entitlement.productName;
    const byId = name.trim() === "" || ambiguousProducts.has(nameKey(name));
    const reference = byId ? entitlement.productId : name;
    const values = detailsMap(
      `${organization.name}" product "${name}`,
      entitlement.details ?? [],
      fieldsOf.entitlement,
      warnings,
    );
    if (!products.has(reference) || values.size > 0) {
      products.set(
        reference,
        values.size === 0
          ? reference
          : new Map<string, YamlValue>([
              ["name", reference],
              ["details", values],
            ]),
      );
    }
  }
  if (products.size > 0) {
    document.set(
      "products",
      [...products.keys()].sort(byName).map((key) => products.get(key)!),
    );
  }

  const customers = [...new Set(organization.customers)].sort(byText);
  if (customers.length > 0) document.set("customers", customers);
  return document;
}

/** The values the manifests could say back, sorted by field name. */
function detailsMap(
  holder: string,
  held: readonly LiveDetail[],
  fields: ReadonlyMap<string, LiveField>,
  warnings: string[],
): Map<string, YamlValue> {
  const details = new Map<string, YamlValue>();
  for (const detail of [...held].sort((a, b) => byName(a.name, b.name))) {
    const value = detailValue(holder, detail, fields, warnings);
    if (value !== undefined) details.set(value.name, value.value);
  }
  return details;
}

function detailValue(
  organization: string,
  detail: LiveOrganization["details"][number],
  fields: ReadonlyMap<string, LiveField>,
  warnings: string[],
): { name: string; value: YamlValue } | undefined {
  const field = fields.get(nameKey(detail.name));
  const type = field && findFieldType(field.type);
  // A value of an unknown or missing field: already reported with its field, or nothing to say.
  if (!field || !type) return undefined;
  if (detail.values.length === 0) return undefined;
  const values = normalizeValues(type, detail.values);
  const problems = checkFieldValues(type, field.options, values);
  if (problems.length > 0) {
    warnings.push(
      `organization ${JSON.stringify(organization)}: detail ${JSON.stringify(field.name)} left out (${problems.join("; ")})`,
    );
    return undefined;
  }
  // One value of a one-value type is written as a scalar, as people write it.
  const value: YamlValue =
    values.length === 1 && type.maxValues === 1 ? values[0]! : values;
  return { name: field.name, value };
}

function ambiguousNames(products: readonly LiveProduct[]): Set<string> {
  const seen = new Set<string>();
  const ambiguous = new Set<string>();
  for (const product of products) {
    const key = nameKey(product.name);
    if (seen.has(key)) ambiguous.add(key);
    seen.add(key);
  }
  return ambiguous;
}

function schemaRefFor(file: string, schema: SchemaRef): string {
  if ("url" in schema) return schema.url;
  // Pure path arithmetic: the file sits `depth` folders below the output directory.
  // (posix.relative would resolve both against the process's working directory.)
  const depth = file.split("/").length - 1;
  return posix.normalize(`${"../".repeat(depth)}${schema.path}`);
}
