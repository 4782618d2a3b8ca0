import { quote } from "../../util/describe-value.js";
import { findFieldType } from "../../model/index.js";
import { childWhere, issueAt } from "../manifest-model.js";
import type { ManifestIssue } from "../manifest-issue.js";
import type { ManifestRule } from "./manifest-rule.js";

/**
 * Fields whose type has options (SELECT, MULTISELECT) must list them, each once; fields of
 * other types take none.
 */
export const fieldOptions: ManifestRule = ({ fields }) => {
  const issues: ManifestIssue[] = [];
  for (const field of fields) {
    const type = findFieldType(field.type);
    if (!type || field.ensure === "absent") continue;
    if (type.hasOptions && field.options === undefined) {
      issues.push(
        issueAt(childWhere(field.at, "type"), {
          message: `${type.name} field ${quote(field.name)} has no options`,
          expected: "an options list, e.g. options: [AU, EU, US]",
        }),
      );
    }
    if (!type.hasOptions && field.options !== undefined) {
      issues.push(
        issueAt(
          childWhere(field.at, "options"),
          {
            message: `${type.name} field ${quote(field.name)} cannot have options`,
            expected: "options only on SELECT and MULTISELECT fields",
          },
          { key: true },
        ),
      );
    }
    const seen = new Set<string>();
    for (const option of field.options ?? []) {
      if (option.name === "") {
        issues.push(
          issueAt(option.at, {
            message: "an option cannot be blank",
            expected: "text with at least one visible character",
          }),
        );
      } else if (seen.has(option.key)) {
        issues.push(
          issueAt(option.at, {
            message: `option ${quote(option.name)} is listed twice`,
            expected: "each option once (compared case-insensitively)",
          }),
        );
      }
      seen.add(option.key);
    }
  }
  return issues;
};
