import { appendAll } from "../append-all.js";
import { quote } from "../../util/describe-value.js";
import { issueAt, type ListEntry } from "../manifest-model.js";
import type { ManifestIssue } from "../manifest-issue.js";
import type { ManifestRule } from "./manifest-rule.js";

/** `products`, `customers` and `serviceDesks` list each entry once. */
export const uniqueListItems: ManifestRule = ({ organizations }) => {
  const issues: ManifestIssue[] = [];
  for (const organization of organizations) {
    appendAll(issues, repeats(organization.products, "product"));
    appendAll(issues, repeats(organization.customers, "customer"));
    appendAll(issues, repeats(organization.serviceDesks, "service desk"));
  }
  return issues;
};

function repeats(list: ListEntry | undefined, noun: string): ManifestIssue[] {
  if (!list) return [];
  const seen = new Set<string>();
  const issues: ManifestIssue[] = [];
  for (const item of list.items) {
    if (seen.has(item.key)) {
      issues.push(
        issueAt(item.at, {
          message: `${noun} ${quote(item.name)} is listed twice`,
          expected: `each ${noun} once`,
        }),
      );
    }
    seen.add(item.key);
  }
  return issues;
}
