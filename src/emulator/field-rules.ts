import {
  FIELD_TYPE_NAMES,
  checkFieldValues,
  findFieldType,
  lookupFieldType,
} from "../model/index.js";
import { invalidProperty } from "./api-error.js";

/**
 * The rules the CSM API applies to detail field definitions and values, as the emulator
 * enforces them. Types come from the model's registry, so the type list lives in one place.
 */

/** Checks a type name and its options for a new field; returns the options to store. */
export function checkFieldDefinition(
  typeName: string,
  options: readonly string[] | undefined,
  paths: { type: string; options: string },
): string[] | undefined {
  const type = findFieldType(typeName);
  if (!type) {
    throw invalidProperty(
      paths.type,
      `"${typeName}" is not a detail field type; expected one of ${FIELD_TYPE_NAMES.join(", ")}`,
    );
  }
  return checkOptions(type.name, type.hasOptions, options, paths.options);
}

/** Checks options for a field of the given type (on create and on edit). */
export function checkOptions(
  typeName: string,
  hasOptions: boolean,
  options: readonly string[] | undefined,
  path: string,
): string[] | undefined {
  if (!hasOptions) {
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
 * Checks values for a field: an empty list (clears the value) always passes; otherwise the
 * registry's rules (how many values, options, format) and no blank values.
 */
export function checkDetailValues(
  field: {
    readonly type: string;
    readonly options: readonly string[] | undefined;
  },
  values: readonly string[],
  path: string,
): void {
  for (const [index, value] of values.entries()) {
    if (value.trim() === "") {
      throw invalidProperty(
        `${path}[${index}]`,
        "must not be blank; send [] to clear the value",
      );
    }
  }
  const problems = checkFieldValues(
    lookupFieldType(field.type),
    field.options,
    values,
  );
  if (problems.length > 0) {
    throw invalidProperty(path, problems.join("; "));
  }
}
