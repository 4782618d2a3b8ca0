import { invalidProperty } from "./api-error.js";

/**
 * The rules the CSM API applies to names, detail field definitions and values, as the
 * emulator enforces them. Written from ../shared/api/CSM-API.md and the seed reference page
 * alone: the emulator is a second, independent implementation of Atlassian's contract, so it
 * shares no rule with the client, the loader or the planner (a wrong rule shared by both
 * would pass every test). `test/emulator/independence.test.ts` keeps it that way.
 */

/** "Field names are unique, case-insensitively and trimmed" (organizations, products too). */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

/** A name as the site stores it. */
export function cleanName(name: string): string {
  return name.trim();
}

/**
 * The organization detail fields a site may come with ("not all CSM instances may have
 * access to default fields yet"): the emulator starts with them when asked.
 */
export const PREDEFINED_FIELDS: readonly {
  readonly name: string;
  readonly type: string;
  readonly options?: readonly string[];
}[] = [
  {
    name: "Type",
    type: "MULTISELECT",
    options: ["Customer", "Prospect", "Partner", "Supplier/Vendor", "Other"],
  },
  { name: "Industry", type: "TEXT" },
  { name: "External ID", type: "TEXT" },
  { name: "Address", type: "TEXT" },
  { name: "Website", type: "URL" },
  {
    name: "Customer Segment",
    type: "MULTISELECT",
    options: ["Enterprise", "Mid-market", "SMB", "Startup", "Consumer"],
  },
];

/** The customer detail fields a site comes with (shown with the predefined organization ones). */
export const PREDEFINED_CUSTOMER_FIELDS: typeof PREDEFINED_FIELDS = [
  ...[
    "Full name",
    "Phone",
    "External ID",
    "Title",
    "Region",
    "Preferred Language",
  ].map((name) => ({ name, type: "TEXT" })),
  // The same Type field as organizations have: Customer, Prospect, Partner, Supplier/Vendor, Other.
  PREDEFINED_FIELDS[0]!,
];

/** "max 50 per site", for each entity's detail fields. */
export const MAX_FIELDS = 50;

/** "Single-select (max 50 options), Multi-select (max 50 options)". */
const MAX_OPTIONS = 50;

interface TypeRule {
  /** SELECT and MULTISELECT carry options and take only those as values. */
  readonly options: boolean;
  /** Only MULTISELECT holds more than one value. */
  readonly multiple: boolean;
  /** What one value must look like, for the types whose values have a form. */
  readonly form?: {
    readonly test: (value: string) => boolean;
    readonly what: string;
  };
}

const isIsoDate = (value: string): boolean => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

const isWebAddress = (value: string): boolean => {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/**
 * The detail field types. TEXT, SELECT, MULTISELECT, DATE, EMAIL and PHONE appear in
 * Atlassian's examples; URL and NUMBER are in Atlassian's UI list of types, spelled here as
 * the API most likely spells them. There is no boolean type.
 */
const TYPES: ReadonlyMap<string, TypeRule> = new Map<string, TypeRule>([
  ["TEXT", { options: false, multiple: false }],
  ["SELECT", { options: true, multiple: false }],
  ["MULTISELECT", { options: true, multiple: true }],
  [
    "DATE",
    {
      options: false,
      multiple: false,
      form: { test: isIsoDate, what: "a date written YYYY-MM-DD" },
    },
  ],
  [
    "EMAIL",
    {
      options: false,
      multiple: false,
      form: {
        test: (v) => /^[^\s@]+@[^\s@]+$/.test(v),
        what: "an email address",
      },
    },
  ],
  [
    "PHONE",
    {
      options: false,
      multiple: false,
      form: { test: (v) => /\d/.test(v), what: "a telephone number" },
    },
  ],
  [
    "URL",
    {
      options: false,
      multiple: false,
      form: { test: isWebAddress, what: "an http(s) address" },
    },
  ],
  [
    "NUMBER",
    {
      options: false,
      multiple: false,
      form: {
        test: (v) => v.trim() !== "" && Number.isFinite(Number(v)),
        what: "a number",
      },
    },
  ],
]);

/** True when the type holds options (SELECT, MULTISELECT). Unknown types hold none. */
function typeHasOptions(typeName: string): boolean {
  return TYPES.get(typeName)?.options ?? false;
}

/** Checks a type name and its options for a new field; returns the options to store. */
export function checkFieldDefinition(
  typeName: string,
  options: readonly string[] | undefined,
  paths: { type: string; options: string },
): string[] | undefined {
  if (!TYPES.has(typeName)) {
    throw invalidProperty(
      paths.type,
      `"${typeName}" is not a detail field type; expected one of ${[...TYPES.keys()].join(", ")}`,
    );
  }
  return checkOptions(typeName, options, paths.options);
}

/** Checks options for a field of the given type (on create and on edit). */
export function checkOptions(
  typeName: string,
  options: readonly string[] | undefined,
  path: string,
): string[] | undefined {
  if (!typeHasOptions(typeName)) {
    if (options && options.length > 0) {
      throw invalidProperty(
        path,
        `a ${typeName} field has no options; leave options out`,
      );
    }
    return undefined;
  }
  if (!options || options.length === 0) {
    throw invalidProperty(
      path,
      `a ${typeName} field needs at least one option`,
    );
  }
  if (options.length > MAX_OPTIONS) {
    throw invalidProperty(
      path,
      `a ${typeName} field takes at most ${MAX_OPTIONS} options, found ${options.length}`,
    );
  }
  const seen = new Set<string>();
  for (const option of options) {
    if (seen.has(option)) {
      throw invalidProperty(path, `option "${option}" is listed twice`);
    }
    seen.add(option);
  }
  return [...options];
}

/**
 * Checks values for a field: an empty list (clears the value) always passes; otherwise no
 * blank value, one value unless MULTISELECT, options for the select types, and the form of
 * the typed ones. A type the emulator does not know (a seeded one) takes any text.
 */
export function checkDetailValues(
  field: {
    readonly type: string;
    readonly options: readonly string[] | undefined;
  },
  values: readonly string[],
  path: string,
): void {
  const rule = TYPES.get(field.type);
  for (const [index, value] of values.entries()) {
    if (value.trim() === "") {
      throw invalidProperty(
        `${path}[${index}]`,
        "must not be blank; send [] to clear the value",
      );
    }
  }
  for (const [index, value] of values.entries()) {
    if (rule?.options && !(field.options ?? []).includes(value)) {
      throw invalidProperty(
        path,
        `"${value}" is not an option of this field; expected one of: ${(field.options ?? []).join(", ")}`,
      );
    }
    if (rule?.form && !rule.form.test(value)) {
      throw invalidProperty(path, `"${value}" is not ${rule.form.what}`);
    }
    if (values.indexOf(value) !== index) {
      throw invalidProperty(path, `"${value}" is listed twice`);
    }
  }
  if (rule && !rule.multiple && values.length > 1) {
    throw invalidProperty(
      path,
      `a ${field.type} field holds one value, found ${values.length}`,
    );
  }
}
