import { readFileSync } from "node:fs";

import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";

import {
  describeTypes,
  describeValue,
  listWords,
  quote,
} from "./describe-value.js";
import { didYouMean } from "./did-you-mean.js";
import { childPointer, pointerSegments } from "./json-pointer.js";

/**
 * JSON Schema checks for every document orgsync reads (manifests, the drift ignore file, saved
 * plans, API answers, the emulator's settings and seed), with one Ajv set up one way: every
 * error at once, strict schemas (unknown keywords and formats refused), and `verbose` so that a
 * message can quote the failing schema (the keys a mapping allows) and the value found. Types
 * and required keys need not be declared beside each keyword: the plan schema's `if`/`then`
 * branches name properties that their parent declares.
 */
const ajv = new Ajv({
  allErrors: true,
  allowUnionTypes: true,
  strict: true,
  strictTypes: false,
  strictRequired: false,
  verbose: true,
});

/**
 * A validator for a schema. Ajv caches by schema object, so compiling the same object again
 * is cheap; `refs` are schemas that `$ref` may name by their `$id` (added once).
 */
export function compileSchema(
  schema: object,
  refs: readonly object[] = [],
): ValidateFunction {
  for (const ref of refs) {
    const id = (ref as { $id?: unknown }).$id;
    if (typeof id === "string" && ajv.getSchema(id) === undefined) {
      ajv.addSchema(ref);
    }
  }
  const id = (schema as { $id?: unknown }).$id;
  const known = typeof id === "string" ? ajv.getSchema(id) : undefined;
  return known ?? ajv.compile(schema);
}

const shipped = new Map<string, Readonly<Record<string, unknown>>>();

/**
 * A JSON Schema shipped in the package's `schema/` folder (`orgsync.schema.json`,
 * `api/csm-api.schema.json`…), read once. src/util and dist/util both sit two levels below it.
 */
export function packageSchema(name: string): Readonly<Record<string, unknown>> {
  let schema = shipped.get(name);
  if (schema === undefined) {
    const url = new URL(`../../schema/${name}`, import.meta.url);
    schema = JSON.parse(readFileSync(url, "utf8")) as Record<string, unknown>;
    shipped.set(name, schema);
  }
  return schema;
}

/** The validator of a schema in `schema/`, compiled on first use. */
export function packageValidator(name: string): ValidateFunction {
  return compileSchema(packageSchema(name));
}

/** One schema error in people's words, and where it points. */
export interface SchemaProblem {
  readonly pointer: string;
  /** True when the key of the entry is the spot (an unknown key), not its value. */
  readonly atKey: boolean;
  readonly message: string;
  readonly found?: string | undefined;
  readonly expected?: string | undefined;
  readonly suggestion?: string | undefined;
}

/**
 * Checks `value` and returns its problems (none when valid), each once: an `if`/`then`
 * branch repeats its own errors as "must match then", so those are left out.
 */
export function checkSchema(
  validate: ValidateFunction,
  value: unknown,
  describe: (error: ErrorObject) => SchemaProblem = describeSchemaError,
): SchemaProblem[] {
  if (validate(value)) return [];
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  for (const error of validate.errors ?? []) {
    if (error.keyword === "if") continue;
    const key = `${error.instancePath}\u0000${error.keyword}\u0000${JSON.stringify(error.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(describe(error));
  }
  return problems;
}

/** The short, technical form for machine peers: `/faults/rate must be <= 1`. */
export function schemaErrorText(error: ErrorObject): string {
  const where = error.instancePath === "" ? "(root)" : error.instancePath;
  const params = error.params as {
    allowedValues?: unknown[];
    additionalProperty?: string;
  };
  const allowed =
    error.keyword === "enum"
      ? `: ${(params.allowedValues ?? []).join(", ")}`
      : error.keyword === "additionalProperties"
        ? `: "${params.additionalProperty}"`
        : "";
  return `${where} ${error.message ?? "is invalid"}${allowed}`;
}

/** What the value at a pointer is called in a message: `"prune"`, `item 3 of "fields"`. */
export function subjectOf(pointer: string): string {
  const segments = pointerSegments(pointer);
  const last = segments[segments.length - 1];
  if (last === undefined) return "the document";
  if (/^\d+$/.test(last)) {
    const parent = segments[segments.length - 2];
    const item = `item ${Number(last) + 1}`;
    return parent === undefined ? item : `${item} of ${quote(parent)}`;
  }
  return quote(last);
}

function propertiesOf(schema: unknown): string[] {
  if (schema && typeof schema === "object" && "properties" in schema) {
    const properties = (schema as { properties?: unknown }).properties;
    if (properties && typeof properties === "object") {
      return Object.keys(properties);
    }
  }
  return [];
}

/** Turns one ajv error (with `verbose: true`) into a located, plain-words problem. */
export function describeSchemaError(error: ErrorObject): SchemaProblem {
  const pointer = error.instancePath;
  const subject = subjectOf(pointer);
  const found = describeValue(error.data);
  const params = error.params as Record<string, unknown>;
  const within = pointer === "" ? "" : ` in ${subject}`;
  const at = (
    details: Omit<SchemaProblem, "pointer" | "atKey">,
  ): SchemaProblem => ({ pointer, atKey: false, ...details });

  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const allowed = propertiesOf(error.parentSchema);
      return {
        pointer: childPointer(pointer, key),
        atKey: true,
        message: `unknown key ${quote(key)}${within}`,
        found: quote(key),
        expected: `one of: ${allowed.join(", ")}`,
        suggestion: didYouMean(key, allowed),
      };
    }
    case "required": {
      const missing = String(params.missingProperty);
      return at({
        message: `missing key ${quote(missing)}${within}`,
        expected: `a ${quote(missing)} key`,
      });
    }
    case "type":
      return at({
        message: `${subject} must be ${describeTypes(params.type)}, found ${found}`,
        found,
        expected: describeTypes(params.type),
      });
    case "enum": {
      const allowed = ((params.allowedValues as unknown[]) ?? []).map(String);
      return at({
        message: `${subject} must be one of ${listWords(allowed, "or")}, found ${found}`,
        found,
        expected: `one of: ${allowed.join(", ")}`,
        suggestion:
          typeof error.data === "string"
            ? didYouMean(error.data, allowed)
            : undefined,
      });
    }
    case "const": {
      const wanted = params.allowedValue;
      const shown =
        typeof wanted === "string" ? quote(wanted) : JSON.stringify(wanted);
      return at({
        message: `${subject} must be ${shown}, found ${found}`,
        found,
        expected: shown,
        suggestion:
          typeof error.data === "string" && typeof wanted === "string"
            ? didYouMean(error.data, [wanted])
            : undefined,
      });
    }
    case "pattern":
      // The schemas use a pattern only to refuse blank text.
      return params.pattern === "\\S"
        ? at({
            message: `${subject} must not be blank`,
            found,
            expected: "text with at least one visible character",
          })
        : at({
            message: `${subject} must match ${String(params.pattern)}, found ${found}`,
            found,
          });
    case "minItems":
      return at({
        message: `${subject} must list at least ${String(params.limit)}`,
        found,
        expected: `a list of at least ${String(params.limit)}`,
      });
    case "maxItems": {
      const count = Array.isArray(error.data) ? error.data.length : 0;
      return at({
        message: `${subject} lists ${count} items, more than ${String(params.limit)}`,
        found: `${count} items`,
        expected: `at most ${String(params.limit)}`,
      });
    }
    default:
      return at({
        message: `${subject} ${error.message ?? "is not valid"}`,
        found,
      });
  }
}
