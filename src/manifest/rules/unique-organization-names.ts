import { quote } from "../describe-value.js";
import {
  childWhere,
  citeWhere,
  issueAt,
  type Where,
} from "../manifest-model.js";
import type { ManifestRule } from "./manifest-rule.js";

/** Organization names are unique on a site, compared trimmed and case-insensitively. */
export const uniqueOrganizationNames: ManifestRule = ({ organizations }) => {
  const first = new Map<string, Where>();
  const issues = [];
  for (const organization of organizations) {
    const nameAt = childWhere(organization.at, "name");
    const earlier = first.get(organization.key);
    if (earlier) {
      issues.push(
        issueAt(nameAt, {
          message: `organization ${quote(organization.name)} is declared twice (first at ${citeWhere(earlier)})`,
          expected:
            "each organization once (names are compared trimmed and case-insensitively)",
        }),
      );
    } else {
      first.set(organization.key, nameAt);
    }
  }
  return issues;
};
