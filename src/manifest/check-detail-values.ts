import { checkFieldValues, type FieldType } from "../model/index.js";
import { quote } from "../util/describe-value.js";
import { didYouMean } from "../util/did-you-mean.js";
import type { DetailEntry, Where } from "./manifest-model.js";
import type { IssueDetails } from "./source-text.js";

/** A problem with one detail's values, and the value (or detail) it is about. */
export interface DetailValueProblem {
  readonly where: Where;
  readonly details: IssueDetails;
}

/**
 * The problems with one detail's values for a field of `type` with `options` (the registry
 * judges; this adds the location of each value and "did you mean" for near-miss options).
 * Blank values are always a problem; without a type only they are checked.
 */
export function checkDetailValues(
  detail: DetailEntry,
  type: FieldType | undefined,
  options: readonly string[] | undefined,
  /** Whether to look for "did you mean" options (skipped past the problems listed). */
  suggest = true,
): DetailValueProblem[] {
  const problems: DetailValueProblem[] = [];
  for (const value of detail.values) {
    if (value.text === "") {
      problems.push({
        where: value.at,
        details: {
          message: `blank value for ${quote(detail.name)}`,
          expected: "a value, or null or [] to clear the field",
        },
      });
    }
  }
  if (!type || problems.length > 0) return problems;
  const texts = detail.values.map((value) => value.text);
  // Most details are fine: one registry call says so; only then is each value examined.
  if (checkFieldValues(type, options, texts).length === 0) return problems;

  const perValue = new Set<string>();
  for (const value of detail.values) {
    for (const message of checkFieldValues(type, options, [value.text])) {
      perValue.add(message);
      const suggestion =
        type.hasOptions && options && suggest
          ? didYouMean(value.text, options)
          : undefined;
      problems.push({
        where: value.at,
        details: {
          // The registry's "; expected ..." tail is shown on its own line instead.
          message: `${quote(detail.name)}: ${message.split("; expected ")[0] ?? message}`,
          found: quote(value.text),
          expected: type.hasOptions
            ? `one of: ${(options ?? []).join(", ")}`
            : type.expected,
          suggestion,
        },
      });
    }
  }
  // What is wrong with the list as a whole (too many values, repeats) is about the detail;
  // one value cannot be too many or a repeat.
  if (detail.values.length < 2) return problems;
  for (const message of checkFieldValues(type, options, texts)) {
    if (perValue.has(message)) continue;
    problems.push({
      where: detail.at,
      details: {
        message: `${quote(detail.name)}: ${message}`,
        expected:
          type.maxValues === 1
            ? `one value (a ${type.name} field)`
            : "each value once",
      },
    });
  }
  return problems;
}
