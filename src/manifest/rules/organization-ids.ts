import { quote } from "../../util/describe-value.js";
import { citeWhere, issueAt, type ValueEntry } from "../manifest-model.js";
import type { ManifestIssue } from "../manifest-issue.js";
import type { ManifestRule } from "./manifest-rule.js";

/** An `id` is the digits of one organization's id on the site, and names one entry only. */
export const organizationIds: ManifestRule = ({ organizations }) => {
  const first = new Map<string, ValueEntry>();
  const issues: ManifestIssue[] = [];
  for (const { id, name } of organizations) {
    if (!id) continue;
    if (!/^[0-9]+$/.test(id.text)) {
      issues.push(
        issueAt(id.at, {
          message: `the id of organization ${quote(name)} is not an organization id`,
          found: id.text,
          expected:
            "the digits of the organization's id on the site, such as 10234",
        }),
      );
      continue;
    }
    const earlier = first.get(id.text);
    if (earlier) {
      issues.push(
        issueAt(id.at, {
          message: `id ${id.text} of organization ${quote(name)} is declared twice (first at ${citeWhere(earlier.at)})`,
          expected: "each organization id once",
        }),
      );
    } else {
      first.set(id.text, id);
    }
  }
  return issues;
};
