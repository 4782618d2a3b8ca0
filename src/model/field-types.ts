/**
 * The registry of detail field types. The type list is data: the manifest schema, the loader,
 * the planner, the emulator and the renderers all read it from here. A type read from a live
 * site that the registry does not know is handled by `lookupFieldType` as opaque text, never
 * a crash.
 */

/** How one detail field type behaves. */
export interface FieldType {
  /** The API's name for the type, e.g. `SELECT`. */
  readonly name: string;
  /** One line for people (schema descriptions, `--help`). */
  readonly description: string;
  /** True when the field carries a list of options and values must be among them. */
  readonly hasOptions: boolean;
  /** The most values one organization may hold in this field. */
  readonly maxValues: number;
  /**
   * False when the API does not keep the order of values (MULTISELECT), so two lists that
   * differ only in order are the same value.
   */
  readonly ordered: boolean;
  /** True when the type appears in Atlassian's published examples; false for our best guess. */
  readonly confirmed: boolean;
  /** What a valid value looks like, used in messages: "expected a date as YYYY-MM-DD". */
  readonly expected: string;
  /** Whether one value (already trimmed) fits the type, ignoring options. */
  accepts(value: string): boolean;
  /** The canonical form of a value, used to compare desired and live values. */
  normalize(value: string): string;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_PREFIX_RE =
  /^(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_RE = /^\+?[0-9 ().\-/]{3,32}$/;
const NUMBER_RE = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function isRealDate(value: string): boolean {
  const match = DATE_RE.exec(value);
  if (!match) return false;
  const [year, month, day] = [
    Number(match[1]),
    Number(match[2]),
    Number(match[3]),
  ];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

const identity = (value: string): string => value;

function defineType(type: FieldType): FieldType {
  return Object.freeze(type);
}

const TYPES: readonly FieldType[] = [
  defineType({
    name: "TEXT",
    description: "Free text, one value.",
    hasOptions: false,
    maxValues: 1,
    ordered: true,
    confirmed: true,
    expected: "text",
    accepts: () => true,
    normalize: identity,
  }),
  defineType({
    name: "SELECT",
    description: "Exactly one of the field's options.",
    hasOptions: true,
    maxValues: 1,
    ordered: true,
    confirmed: true,
    expected: "one of the field's options",
    accepts: () => true,
    normalize: identity,
  }),
  defineType({
    name: "MULTISELECT",
    description: "Any number of the field's options; order is not kept.",
    hasOptions: true,
    maxValues: Number.POSITIVE_INFINITY,
    ordered: false,
    confirmed: true,
    expected: "a list of the field's options",
    accepts: () => true,
    normalize: identity,
  }),
  defineType({
    name: "DATE",
    description: "A calendar date written YYYY-MM-DD.",
    hasOptions: false,
    maxValues: 1,
    ordered: true,
    confirmed: true,
    expected: "a real date written YYYY-MM-DD",
    accepts: isRealDate,
    // Live sites may answer with a timestamp; the date part is what the field holds.
    normalize: (value) => DATE_PREFIX_RE.exec(value)?.[1] ?? value,
  }),
  defineType({
    name: "EMAIL",
    description: "An email address.",
    hasOptions: false,
    maxValues: 1,
    ordered: true,
    confirmed: true,
    expected: "an email address such as name@example.com",
    accepts: (value) => EMAIL_RE.test(value),
    // The domain part of an address is case-insensitive; the local part is not (RFC 5321).
    normalize: (value) => {
      const at = value.lastIndexOf("@");
      return at < 0
        ? value
        : value.slice(0, at) + value.slice(at).toLowerCase();
    },
  }),
  defineType({
    name: "PHONE",
    description: "A telephone number: digits, spaces, + - ( ) . /",
    hasOptions: false,
    maxValues: 1,
    ordered: true,
    confirmed: true,
    expected: "a telephone number such as +61 2 9262 1443",
    accepts: (value) => PHONE_RE.test(value) && /\d.*\d.*\d/.test(value),
    normalize: identity,
  }),
  defineType({
    name: "NUMBER",
    description: "A decimal number (unconfirmed type).",
    hasOptions: false,
    maxValues: 1,
    ordered: true,
    confirmed: false,
    expected: "a decimal number such as 42 or 3.5",
    accepts: (value) => NUMBER_RE.test(value) && Number.isFinite(Number(value)),
    normalize: (value) =>
      NUMBER_RE.test(value) ? String(Number(value)) : value,
  }),
  defineType({
    name: "URL",
    description: "An http or https address (unconfirmed type).",
    hasOptions: false,
    maxValues: 1,
    ordered: true,
    confirmed: false,
    expected: "an http:// or https:// address",
    accepts: isHttpUrl,
    normalize: identity,
  }),
];

/**
 * Type names people reach for that Atlassian does not have, with what to use instead. The
 * loader names them in its error instead of a bare "must be one of".
 */
const NOT_FIELD_TYPES: ReadonlyMap<string, string> = new Map([
  [
    "BOOLEAN",
    "Atlassian has no boolean detail field type (its types are Text, Single-select, Multi-select, Email, URL, Date, Number and Phone number); use a SELECT with options such as [Yes, No]",
  ],
]);

/** Why a type name that is not a field type is not one, when it is a known mistake. */
export function explainNotFieldType(name: string): string | undefined {
  return NOT_FIELD_TYPES.get(name.trim().toUpperCase());
}

/** The most detail fields a site may have (Atlassian's documented limit). */
export const MAX_DETAIL_FIELDS = 50;

/** The most options a SELECT or MULTISELECT field may have (Atlassian's documented limit). */
export const MAX_FIELD_OPTIONS = 50;

/** Every type name the registry knows, in registry order. */
export const FIELD_TYPE_NAMES: readonly string[] = TYPES.map(
  (type) => type.name,
);

const BY_NAME = new Map(TYPES.map((type) => [type.name, type]));

/** The registry entry for a type name, or undefined when the registry does not know it. */
export function findFieldType(name: string): FieldType | undefined {
  return BY_NAME.get(name);
}

/**
 * The registry entry for a type read from a live site. Unknown types are treated as opaque
 * multi-valued text compared exactly, so a new Atlassian type never crashes a plan.
 */
export function lookupFieldType(name: string): FieldType {
  return (
    BY_NAME.get(name) ??
    Object.freeze({
      name,
      description:
        "A type orgsync does not know; values are compared as written.",
      hasOptions: false,
      maxValues: Number.POSITIVE_INFINITY,
      ordered: true,
      confirmed: false,
      expected: "text",
      accepts: () => true,
      normalize: identity,
    })
  );
}

/**
 * The problems with a list of values for a field, as messages that end in what was expected.
 * An empty list clears the field and is always allowed.
 */
export function checkFieldValues(
  type: FieldType,
  options: readonly string[] | undefined,
  values: readonly string[],
): string[] {
  const problems: string[] = [];
  if (values.length > type.maxValues) {
    problems.push(
      `${type.name} field takes ${type.maxValues === 1 ? "one value" : `at most ${type.maxValues} values`}, found ${values.length}`,
    );
  }
  const seen = new Set<string>();
  for (const value of values) {
    if (type.hasOptions && options && !options.includes(value)) {
      problems.push(
        `"${value}" is not an option of this field; expected one of: ${options.join(", ")}`,
      );
    } else if (!type.hasOptions && !type.accepts(value)) {
      problems.push(`"${value}" is not ${type.expected}`);
    }
    if (seen.has(value)) problems.push(`"${value}" is listed twice`);
    seen.add(value);
  }
  return problems;
}

/** The canonical form of a list of values: each value normalised, sorted when order is not kept. */
export function normalizeValues(
  type: FieldType,
  values: readonly string[],
): string[] {
  const normalized = values.map((value) => type.normalize(value.trim()));
  return type.ordered ? normalized : [...normalized].sort();
}

/** True when two lists of values are the same value for this type. */
export function sameValues(
  type: FieldType,
  a: readonly string[],
  b: readonly string[],
): boolean {
  // Equal as written is the common case, and needs no normalising.
  return (
    sameList(a, b) ||
    sameList(normalizeValues(type, a), normalizeValues(type, b))
  );
}

/** The same strings in the same order, compared exactly (no normalising). */
export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
