import { quote } from "../../util/describe-value.js";
import {
  childWhere,
  citeWhere,
  issueAt,
  type Where,
} from "../manifest-model.js";
import type { ManifestRule } from "./manifest-rule.js";

/** Field names are unique on a site, compared trimmed and case-insensitively. */
export const uniqueFieldNames: ManifestRule = ({ fields }) => {
  const first = new Map<string, Where>();
  const issues = [];
  for (const field of fields) {
    const nameAt = childWhere(field.at, "name");
    const earlier = first.get(field.key);
    if (earlier) {
      issues.push(
        issueAt(nameAt, {
          message: `field ${quote(field.name)} is declared twice (first at ${citeWhere(earlier)})`,
          expected:
            "each field name once (names are compared trimmed and case-insensitively)",
        }),
      );
    } else {
      first.set(field.key, nameAt);
    }
  }
  return issues;
};
