import { quote } from "../../util/describe-value.js";
import { issueAt } from "../manifest-model.js";
import type { ManifestIssue } from "../manifest-issue.js";
import type { ManifestRule } from "./manifest-rule.js";

/** An organization to delete (`ensure: absent`) takes no settings: they could not apply. */
export const absentOrganizations: ManifestRule = ({ organizations }) => {
  const issues: ManifestIssue[] = [];
  for (const organization of organizations) {
    if (organization.ensure !== "absent") continue;
    for (const [key, where] of organization.ownKeys) {
      // An id pins which organization to delete.
      if (key === "ensure" || key === "id") continue;
      issues.push(
        issueAt(
          where,
          {
            message: `organization ${quote(organization.name)} is to be deleted (ensure: absent) but sets ${quote(key)}`,
            expected: "only name, id and ensure on an absent organization",
          },
          { key: true },
        ),
      );
    }
  }
  return issues;
};
