/**
 * The manifest documents as written, after YAML parsing and schema validation and before
 * normalisation. These types, the key lists below and schema/orgsync.schema.json describe the
 * same format: the compiler holds the types and key lists together, and
 * test/manifest/schema-agreement.test.ts holds the key lists and the schema together.
 */

/** The only manifest format version. */
export const API_VERSION = "orgsync/v1";

/** The document kinds, in the order the reference lists them. */
export const MANIFEST_KINDS = [
  "DetailFields",
  "Organization",
  "Organizations",
] as const;

/** The values of the `ensure` key of an organization or a detail field. */
export const ENSURE_VALUES = ["present", "absent"] as const;

/** A scalar where text is expected; numbers and booleans are read as their source text. */
export type ScalarInput = string | number | boolean;

/** A detail value: one scalar, a list, or null / [] to clear the field. */
type DetailValueInput = ScalarInput | null | readonly ScalarInput[];

/** A `details` mapping, field name to value. */
export type DetailsInput = Readonly<Record<string, DetailValueInput>>;

export interface DetailFieldsDocument {
  readonly apiVersion: typeof API_VERSION;
  readonly kind: "DetailFields";
  readonly prune?: boolean;
  readonly fields: readonly DetailFieldInput[];
}

export interface DetailFieldInput {
  readonly name: string;
  readonly type: string;
  readonly options?: readonly ScalarInput[];
  readonly previousNames?: readonly string[];
  readonly ensure?: (typeof ENSURE_VALUES)[number];
}

/** The keys an organization takes, in an `Organization` document or an `Organizations` entry. */
export interface OrganizationInput {
  readonly name: string;
  /** The organization's id on the site; a YAML number is read as the digits written. */
  readonly id?: string | number;
  readonly previousNames?: readonly string[];
  readonly ensure?: (typeof ENSURE_VALUES)[number];
  readonly details?: DetailsInput;
  readonly products?: readonly string[];
  readonly pruneProducts?: boolean;
  readonly customers?: readonly string[];
}

export interface OrganizationDocument extends OrganizationInput {
  readonly apiVersion: typeof API_VERSION;
  readonly kind: "Organization";
}

export interface OrganizationDefaultsInput {
  readonly details?: DetailsInput;
  readonly products?: readonly string[];
  readonly pruneProducts?: boolean;
}

export interface OrganizationsDocument {
  readonly apiVersion: typeof API_VERSION;
  readonly kind: "Organizations";
  readonly defaults?: OrganizationDefaultsInput;
  /** Site-wide: delete organizations no manifest declares; documents that state it agree. */
  readonly pruneOrganizations?: boolean;
  readonly organizations: readonly OrganizationInput[];
}

/** The keys of `T` that are not optional. */
type RequiredKeys<T> = {
  [K in keyof T]-?: object extends Pick<T, K> ? never : K;
}[keyof T];

/** The keys of one object of the format, and which of them are required. */
interface KeySpec<T> {
  readonly keys: readonly (keyof T & string)[];
  readonly required: readonly (RequiredKeys<T> & string)[];
}

type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * Checked by the compiler: a key list that misses a key of `T` (or a required key) fails to
 * type-check, so the lists cannot drift from the types.
 */
function keySpec<T>() {
  return <
    const K extends readonly (keyof T & string)[],
    const R extends readonly (RequiredKeys<T> & string)[],
  >(
    keys: K &
      (Exact<K[number], keyof T & string> extends true ? unknown : never),
    required: R &
      (Exact<R[number], RequiredKeys<T> & string> extends true
        ? unknown
        : never),
  ): KeySpec<T> => ({ keys, required });
}

/**
 * The keys of every object the manifest format has, by the name of its definition in
 * schema/orgsync.schema.json.
 */
export const MANIFEST_KEYS = {
  DetailFields: keySpec<DetailFieldsDocument>()(
    ["apiVersion", "kind", "prune", "fields"],
    ["apiVersion", "kind", "fields"],
  ),
  DetailField: keySpec<DetailFieldInput>()(
    ["name", "type", "options", "previousNames", "ensure"],
    ["name", "type"],
  ),
  Organization: keySpec<OrganizationDocument>()(
    [
      "apiVersion",
      "kind",
      "name",
      "id",
      "previousNames",
      "ensure",
      "details",
      "products",
      "pruneProducts",
      "customers",
    ],
    ["apiVersion", "kind", "name"],
  ),
  OrganizationEntry: keySpec<OrganizationInput>()(
    [
      "name",
      "id",
      "previousNames",
      "ensure",
      "details",
      "products",
      "pruneProducts",
      "customers",
    ],
    ["name"],
  ),
  OrganizationDefaults: keySpec<OrganizationDefaultsInput>()(
    ["details", "products", "pruneProducts"],
    [],
  ),
  Organizations: keySpec<OrganizationsDocument>()(
    ["apiVersion", "kind", "defaults", "pruneOrganizations", "organizations"],
    ["apiVersion", "kind", "organizations"],
  ),
} as const;
