import { quote } from "../../util/describe-value.js";
import {
  childWhere,
  citeWhere,
  issueAt,
  type OrganizationEntry,
} from "../manifest-model.js";
import type { ManifestRule } from "./manifest-rule.js";

/** Organization names are unique on a site, compared trimmed and case-insensitively. */
export const uniqueOrganizationNames: ManifestRule = ({ organizations }) => {
  const first = new Map<string, OrganizationEntry>();
  const issues = [];
  for (const organization of organizations) {
    const earlier = first.get(organization.key);
    if (earlier) {
      issues.push(
        issueAt(childWhere(organization.at, "name"), {
          message: `organization ${quote(organization.name)} is declared twice (first at ${citeWhere(childWhere(earlier.at, "name"))})`,
          expected:
            "each organization once (names are compared trimmed and case-insensitively)",
        }),
      );
    } else {
      first.set(organization.key, organization);
    }
  }
  return issues;
};
