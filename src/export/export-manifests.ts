import { posix } from "node:path";

import {
  checkFieldValues,
  findFieldType,
  indexByName,
  nameKey,
  normalizeValues,
  type LiveField,
  type LiveOrganization,
  type LiveProduct,
} from "../model/index.js";
import { organizationFileNames } from "./file-names.js";
import { manifestYaml, type YamlValue } from "./manifest-yaml.js";

/** What the site holds, as far as it was read. */
export interface ExportSource {
  readonly fields: readonly LiveField[];
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
/** The folder holding one file per organization, relative to the output directory. */
export const ORGANIZATIONS_DIR = "organizations";

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** Names sort as people read them (case-insensitively), ties broken exactly. */
const byName = (a: string, b: string): number =>
  byText(nameKey(a), nameKey(b)) || byText(a, b);

/**
 * Manifests from live state (pure): `fields.yaml` with every detail field in the site's order
 * (the order the site lists them, by `configuration.position` where given), and `organizations/<stem>.yaml` with one `Organization` document per organization — keys
 * in a fixed order (apiVersion, kind, name, id, details, products, customers), details sorted by
 * field name, products by name, customers by id. The same site always gives the same bytes.
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
  // A stable sort: fields without a position keep the order the site listed them in.
  const fields = [...source.fields].sort(
    (a, b) =>
      (a.position ?? Number.MAX_SAFE_INTEGER) -
      (b.position ?? Number.MAX_SAFE_INTEGER),
  );
  const known = fields.filter((field) => {
    if (findFieldType(field.type)) return true;
    warnings.push(
      `field ${JSON.stringify(field.name)} has type ${JSON.stringify(field.type)}, which orgsync does not know: left out, with its values`,
    );
    return false;
  });
  const files: ExportFile[] = [
    {
      path: FIELDS_FILE,
      text: manifestYaml(
        schemaRefFor(FIELDS_FILE, options.schema),
        fieldsDocument(known),
      ),
    },
  ];
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
      fieldIndex,
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

function fieldsDocument(fields: readonly LiveField[]): Map<string, YamlValue> {
  return new Map<string, YamlValue>([
    ["apiVersion", "orgsync/v1"],
    ["kind", "DetailFields"],
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
  fields: ReadonlyMap<string, LiveField>,
  ambiguousProducts: ReadonlySet<string>,
  warnings: string[],
): Map<string, YamlValue> {
  const document = new Map<string, YamlValue>([
    ["apiVersion", "orgsync/v1"],
    ["kind", "Organization"],
    ["name", organization.name],
  ]);
  // The id keeps the organization found after a rename by hand (ids are per site). The
  // API's ids are digits; any other id could not be read back, so it is not written.
  if (/^[0-9]+$/.test(organization.id)) document.set("id", organization.id);
  const details = new Map<string, YamlValue>();
  const sortedDetails = [...organization.details].sort((a, b) =>
    byName(a.name, b.name),
  );
  for (const detail of sortedDetails) {
    const value = detailValue(organization.name, detail, fields, warnings);
    if (value !== undefined) details.set(value.name, value.value);
  }
  if (details.size > 0) document.set("details", details);

  const products = new Set<string>();
  for (const entitlement of organization.entitlements) {
    const name = entitlement.productName;
    const byId = name.trim() === "" || ambiguousProducts.has(nameKey(name));
    products.add(byId ? entitlement.productId : name);
  }
  if (products.size > 0) document.set("products", [...products].sort(byName));

  const customers = [...new Set(organization.customers)].sort(byText);
  if (customers.length > 0) document.set("customers", customers);
  return document;
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
