import { invalidProperty, badRequest } from "./api-error.js";

/**
 * Strict checks of request bodies. Each returns the checked value or throws a 400 whose
 * `errors` names the property at fault (`details[1].values`), as Atlassian's validation does.
 */

export type JsonObject = Readonly<Record<string, unknown>>;

/** An own property only: `constructor` or `__proto__` in a body are never inherited values. */
export function own(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The body as a JSON object; 400 for anything else (including no body). */
export function bodyObject(body: unknown): JsonObject {
  if (body === undefined) {
    throw badRequest("A JSON request body is required.");
  }
  if (!isObject(body)) {
    throw badRequest("The request body must be a JSON object.");
  }
  return body;
}

/** A nested object property; `required: false` returns undefined when absent. */
export function objectProperty(
  object: JsonObject,
  key: string,
  path: string,
  required: boolean,
): JsonObject | undefined {
  const value = own(object, key);
  if (value === undefined || (value === null && !required)) {
    if (required) throw invalidProperty(path, "is required");
    return undefined;
  }
  if (!isObject(value)) throw invalidProperty(path, "must be an object");
  return value;
}

/** A required string that is not blank once trimmed (returned as sent). */
export function nonBlankString(
  object: JsonObject,
  key: string,
  path = key,
): string {
  const value = own(object, key);
  if (value === undefined || value === null) {
    throw invalidProperty(path, "is required");
  }
  if (typeof value !== "string") {
    throw invalidProperty(path, `must be a string, found ${typeName(value)}`);
  }
  if (value.trim() === "") throw invalidProperty(path, "must not be blank");
  return value;
}

/**
 * An array of strings. Absent (or null) gives undefined unless required; every item must
 * be a string, and with `nonBlank` not blank either.
 */
export function stringArray(
  object: JsonObject,
  key: string,
  options: { path?: string; required?: boolean; nonBlank?: boolean } = {},
): string[] | undefined {
  const path = options.path ?? key;
  const value = own(object, key);
  if (value === undefined || value === null) {
    if (options.required) throw invalidProperty(path, "is required");
    return undefined;
  }
  return checkStringArray(value, path, options.nonBlank ?? false);
}

/** Checks that a value is an array of (non-blank, when asked) strings. */
function checkStringArray(
  value: unknown,
  path: string,
  nonBlank: boolean,
): string[] {
  if (!Array.isArray(value)) {
    throw invalidProperty(
      path,
      `must be an array of strings, found ${typeName(value)}`,
    );
  }
  const items: string[] = [];
  for (const [index, item] of value.entries()) {
    if (typeof item !== "string") {
      throw invalidProperty(
        `${path}[${index}]`,
        `must be a string, found ${typeName(item)}`,
      );
    }
    if (nonBlank && item.trim() === "") {
      throw invalidProperty(`${path}[${index}]`, "must not be blank");
    }
    items.push(item);
  }
  return items;
}

/** An array of objects (for `details` of a profile). */
export function objectArray(
  object: JsonObject,
  key: string,
  required: boolean,
): JsonObject[] | undefined {
  const value = own(object, key);
  if (value === undefined || value === null) {
    if (required) throw invalidProperty(key, "is required");
    return undefined;
  }
  if (!Array.isArray(value)) {
    throw invalidProperty(
      key,
      `must be an array of objects, found ${typeName(value)}`,
    );
  }
  return value.map((item: unknown, index) => {
    if (!isObject(item)) {
      throw invalidProperty(`${key}[${index}]`, "must be an object");
    }
    return item;
  });
}

/** How a JSON value's type is named in messages. */
export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}
