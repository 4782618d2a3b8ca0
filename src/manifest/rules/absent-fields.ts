import { quote } from "../../util/describe-value.js";
import { issueAt } from "../manifest-model.js";
import type { ManifestIssue } from "../manifest-issue.js";
import type { ManifestRule } from "./manifest-rule.js";

/**
 * A field to delete (`ensure: absent`) takes only its name and type, and no organization may
 * set a value in it: the value would be deleted with the field.
 */
export const absentFields: ManifestRule = ({ fields, organizations }) => {
  const issues: ManifestIssue[] = [];
  const absent = new Map<string, string>();
  for (const field of fields) {
    if (field.ensure !== "absent") continue;
    absent.set(field.key, field.name);
    for (const [key, where] of field.extraKeys) {
      issues.push(
        issueAt(
          where,
          {
            message: `field ${quote(field.name)} is to be deleted (ensure: absent) but sets ${quote(key)}`,
            expected: "only name, type and ensure on an absent field",
          },
          { key: true },
        ),
      );
    }
  }
  if (absent.size === 0) return issues;
  for (const organization of organizations) {
    for (const detail of organization.details) {
      const name = absent.get(detail.key);
      if (name === undefined) continue;
      issues.push(
        issueAt(
          detail.at,
          {
            message: `field ${quote(name)} is to be deleted (ensure: absent), so ${quote(organization.name)} cannot set it`,
            expected: "no value for a field that is deleted",
          },
          { key: true },
        ),
      );
    }
  }
  return issues;
};
