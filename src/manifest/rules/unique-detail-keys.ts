import { quote } from "../describe-value.js";
import { issueAt, type DetailEntry } from "../manifest-model.js";
import type { ManifestIssue } from "../manifest-issue.js";
import type { ManifestRule } from "./manifest-rule.js";

/**
 * One organization names each field once: `Region` and `region` are the same field. (Exact
 * repeats are already duplicate YAML keys.)
 */
export const uniqueDetailKeys: ManifestRule = ({ organizations }) => {
  const issues: ManifestIssue[] = [];
  for (const organization of organizations) {
    issues.push(...repeats(organization.details));
  }
  return issues;
};

function repeats(details: readonly DetailEntry[]): ManifestIssue[] {
  // Own keys and default keys are told apart: an own key overriding a default is the point
  // of defaults.
  const first = new Map<string, DetailEntry>();
  const issues: ManifestIssue[] = [];
  for (const detail of details) {
    const slot = detail.fromDefaults ? `d:${detail.key}` : `o:${detail.key}`;
    const earlier = first.get(slot);
    if (earlier) {
      issues.push(
        issueAt(
          detail.at,
          {
            message: `detail ${quote(detail.name)} names the same field as ${quote(earlier.name)}`,
            expected:
              "each field once per organization (names are compared case-insensitively)",
          },
          { key: true },
        ),
      );
    } else {
      first.set(slot, detail);
    }
  }
  return issues;
}
