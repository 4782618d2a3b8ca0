import { quote } from "../../util/describe-value.js";
import { childWhere, issueAt } from "../manifest-model.js";
import type { ManifestIssue } from "../manifest-issue.js";
import type { ManifestRule } from "./manifest-rule.js";

const PAIRS = [
  ["pruneCustomers", "customers"],
  ["pruneServiceDesks", "serviceDesks"],
] as const;

/**
 * `pruneCustomers` and `pruneServiceDesks` remove what their list does not hold: without the
 * list they would remove everything, so they need it.
 */
export const pruneNeedsList: ManifestRule = ({ organizations }) => {
  const issues: ManifestIssue[] = [];
  for (const organization of organizations) {
    for (const [prune, list] of PAIRS) {
      if (!organization[prune] || organization[list]) continue;
      issues.push(
        issueAt(
          childWhere(organization.at, prune),
          {
            message: `organization ${quote(organization.name)} sets ${prune}: true without a ${list} list, which would remove every one`,
            expected: `a ${list} list (an empty list removes every one), or no ${prune}`,
          },
          { key: true },
        ),
      );
    }
  }
  return issues;
};
