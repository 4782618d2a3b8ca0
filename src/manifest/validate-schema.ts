import type { ErrorObject } from "ajv";

import { explainNotFieldType } from "../model/field-types.js";
import {
  checkSchema,
  describeSchemaError,
  packageSchema,
  packageValidator,
  subjectOf,
  type SchemaProblem,
} from "../util/check-schema.js";
import { describeValue, quote } from "../util/describe-value.js";
import type { ManifestIssue } from "./manifest-issue.js";
import type { ParsedDocument } from "./parsed-document.js";

/**
 * The manifest JSON Schema, schema/orgsync.schema.json: the one the editors use, read from
 * the package.
 */
export function manifestSchema(): Readonly<Record<string, unknown>> {
  return packageSchema("orgsync.schema.json");
}

/** True for a mapping: what every manifest document must be. */
function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The schema problems of one document. */
export interface SchemaCheck {
  readonly issues: readonly ManifestIssue[];
  /**
   * The issues that are unknown keys (a typo such as `default:` for `defaults:`): the rest of
   * the document or item still reads as it should, so its other problems are still looked for.
   */
  readonly unknownKeys: ReadonlySet<ManifestIssue>;
}

/**
 * Checks one document against the manifest schema. Every problem is reported, each located
 * at its key or value, with what was found, what was expected and a near-miss suggestion.
 */
export function validateSchema(document: ParsedDocument): SchemaCheck {
  if (!isMapping(document.value)) {
    return {
      issues: [
        document.issue("", {
          message: `a manifest document must be a mapping, found ${describeValue(document.value)}`,
          found: describeValue(document.value),
          expected: "a mapping with apiVersion: orgsync/v1 and a kind",
        }),
      ],
      unknownKeys: new Set(),
    };
  }
  const unknownKeys = new Set<ManifestIssue>();
  const issues = checkSchema(
    packageValidator("orgsync.schema.json"),
    document.value,
    describeManifestError,
  ).map((problem) => {
    const issue = document.issue(problem.pointer, problem, {
      key: problem.atKey,
    });
    if (problem.atKey) unknownKeys.add(issue);
    return issue;
  });
  return { issues, unknownKeys };
}

/** The generic words, but an unknown kind or field type said as such. */
function describeManifestError(error: ErrorObject): SchemaProblem {
  const described = describeSchemaError(error);
  if (error.keyword !== "enum") return described;
  if (error.instancePath === "/kind") {
    const kind = error.data;
    if (kind === "DriftIgnore") {
      // Drift acknowledgements are not manifests: loaded with them, they would be planned.
      return {
        ...described,
        message:
          "a DriftIgnore document does not belong among the manifests: it acknowledges drift, it does not describe the site",
        expected:
          "it in .orgsync-ignore.yaml (in the current directory or beside the manifests), or in the file --ignore-file names, outside the manifest paths",
        suggestion: undefined,
      };
    }
    return {
      ...described,
      message: `unknown kind ${typeof kind === "string" ? quote(kind) : described.found}`,
    };
  }
  if (typeof error.data !== "string") return described;
  const notAType = /\/fields\/\d+\/type$/.test(error.instancePath)
    ? explainNotFieldType(error.data)
    : undefined;
  return notAType === undefined
    ? described
    : {
        ...described,
        message: `${subjectOf(error.instancePath)} ${described.found} is not a detail field type: ${notAType}`,
        suggestion: undefined,
      };
}
