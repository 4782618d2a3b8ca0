import { readFileSync } from "node:fs";

import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";

import { describeSchemaError } from "./describe-schema-error.js";
import { describeValue } from "./describe-value.js";
import type { ManifestIssue } from "./manifest-issue.js";
import type { ParsedDocument } from "./parsed-document.js";

let cachedSchema: Readonly<Record<string, unknown>> | undefined;
let cachedValidator: ValidateFunction | undefined;

/**
 * The manifest JSON Schema, schema/orgsync.schema.json: the one the editors use. It is read
 * from the package (src/ and dist/ both sit two levels below the folder holding schema/).
 */
export function manifestSchema(): Readonly<Record<string, unknown>> {
  cachedSchema ??= JSON.parse(
    readFileSync(
      new URL("../../schema/orgsync.schema.json", import.meta.url),
      "utf8",
    ),
  ) as Record<string, unknown>;
  return cachedSchema;
}

function validator(): ValidateFunction {
  cachedValidator ??= new Ajv({
    allErrors: true,
    allowUnionTypes: true,
    strict: true,
    // Messages quote the schema that failed (the keys a mapping allows, for one).
    verbose: true,
  }).compile(manifestSchema());
  return cachedValidator;
}

/** True for a mapping: what every manifest document must be. */
function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Checks one document against the manifest schema. Every problem is reported, each located
 * at its key or value, with what was found, what was expected and a near-miss suggestion.
 */
export function validateSchema(document: ParsedDocument): ManifestIssue[] {
  if (!isMapping(document.value)) {
    return [
      document.issue("", {
        message: `a manifest document must be a mapping, found ${describeValue(document.value)}`,
        found: describeValue(document.value),
        expected: "a mapping with apiVersion: orgsync/v1 and a kind",
      }),
    ];
  }
  const validate = validator();
  if (validate(document.value)) return [];
  const seen = new Set<string>();
  const issues: ManifestIssue[] = [];
  for (const error of validate.errors ?? []) {
    // allOf/if/then repeats the branch's errors as "must match then": the branch said why.
    if (error.keyword === "if") continue;
    const key = errorKey(error);
    if (seen.has(key)) continue;
    seen.add(key);
    const described = describeSchemaError(error);
    issues.push(
      document.issue(described.pointer, described.details, {
        key: described.atKey,
      }),
    );
  }
  return issues;
}

function errorKey(error: ErrorObject): string {
  return `${error.instancePath}\u0000${error.keyword}\u0000${JSON.stringify(error.params)}`;
}
