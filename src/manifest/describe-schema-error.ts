import type { ErrorObject } from "ajv";

import { explainNotFieldType } from "../model/field-types.js";
import { didYouMean } from "./did-you-mean.js";
import {
  describeTypes,
  describeValue,
  listWords,
  quote,
} from "./describe-value.js";
import { childPointer, pointerSegments } from "./json-pointer.js";
import type { IssueDetails } from "./source-text.js";

/** An ajv error in people's words, and where it points. */
export interface DescribedError {
  readonly pointer: string;
  /** True when the key of the entry is the spot (an unknown key), not its value. */
  readonly atKey: boolean;
  readonly details: IssueDetails;
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
export function describeSchemaError(error: ErrorObject): DescribedError {
  const pointer = error.instancePath;
  const subject = subjectOf(pointer);
  const found = describeValue(error.data);
  const at = (details: IssueDetails, atKey = false): DescribedError => ({
    pointer,
    atKey,
    details,
  });

  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(
        (error.params as { additionalProperty?: unknown }).additionalProperty,
      );
      const allowed = propertiesOf(error.parentSchema);
      return {
        pointer: childPointer(pointer, key),
        atKey: true,
        details: {
          message: `unknown key ${quote(key)}${pointer === "" ? "" : ` in ${subject}`}`,
          found: quote(key),
          expected: `one of: ${allowed.join(", ")}`,
          suggestion: didYouMean(key, allowed),
        },
      };
    }
    case "required": {
      const missing = String(
        (error.params as { missingProperty?: unknown }).missingProperty,
      );
      return at({
        message: `missing key ${quote(missing)}${pointer === "" ? "" : ` in ${subject}`}`,
        expected: `a ${quote(missing)} key`,
      });
    }
    case "type":
      return at({
        message: `${subject} must be ${describeTypes((error.params as { type?: unknown }).type)}, found ${found}`,
        found,
        expected: describeTypes((error.params as { type?: unknown }).type),
      });
    case "enum": {
      const allowed = (
        (error.params as { allowedValues?: unknown[] }).allowedValues ?? []
      ).map(String);
      const isKind = pointer === "/kind";
      const notAType =
        /\/fields\/\d+\/type$/.test(pointer) && typeof error.data === "string"
          ? explainNotFieldType(error.data)
          : undefined;
      if (notAType !== undefined) {
        return at({
          message: `${subject} ${found} is not a detail field type: ${notAType}`,
          found,
          expected: `one of: ${allowed.join(", ")}`,
        });
      }
      return at({
        message: isKind
          ? `unknown kind ${typeof error.data === "string" ? quote(error.data) : found}`
          : `${subject} must be one of ${listWords(allowed, "or")}, found ${found}`,
        found,
        expected: `one of: ${allowed.join(", ")}`,
        suggestion:
          typeof error.data === "string"
            ? didYouMean(error.data, allowed)
            : undefined,
      });
    }
    case "const": {
      const wanted = String(
        (error.params as { allowedValue?: unknown }).allowedValue,
      );
      return at({
        message: `${subject} must be ${quote(wanted)}, found ${found}`,
        found,
        expected: quote(wanted),
        suggestion:
          typeof error.data === "string"
            ? didYouMean(error.data, [wanted])
            : undefined,
      });
    }
    case "pattern":
      return at({
        message: `${subject} must not be blank`,
        found,
        expected: "text with at least one visible character",
      });
    case "minItems":
      return at({
        message: `${subject} must list at least ${String((error.params as { limit?: unknown }).limit)}`,
        found,
        expected: `a list of at least ${String((error.params as { limit?: unknown }).limit)}`,
      });
    case "maxItems": {
      const limit = String((error.params as { limit?: unknown }).limit);
      const count = Array.isArray(error.data) ? error.data.length : 0;
      return at({
        message: `${subject} lists ${count} items, more than ${limit}`,
        found: `${count} items`,
        expected: `at most ${limit}`,
      });
    }
    default:
      return at({
        message: `${subject} ${error.message ?? "is not valid"}`,
        found,
      });
  }
}
