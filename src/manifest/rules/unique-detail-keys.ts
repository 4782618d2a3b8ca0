import { appendAll } from "../append-all.js";
import { quote } from "../../util/describe-value.js";
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
    appendAll(issues, repeats(organization.details));
  }
  return issues;
};

function repeats(details: readonly DetailEntry[]): ManifestIssue[] {
  const issues: ManifestIssue[] = [];
  // Own keys and default keys are told apart: an own key overriding a default is the point
  // of defaults. Organizations name a handful of fields, so pairs are compared directly; a
  // long list (a hostile one) goes through a map so this stays linear.
  const byKey =
    details.length > 16 ? new Map<string, DetailEntry>() : undefined;
  for (let i = 0; i < details.length; i++) {
    const detail = details[i]!;
    let earlier: DetailEntry | undefined;
    if (byKey) {
      const slot = `${detail.fromDefaults ? "d" : "o"}:${detail.key}`;
      earlier = byKey.get(slot);
      if (!earlier) byKey.set(slot, detail);
    } else {
      for (let j = 0; j < i && !earlier; j++) {
        const other = details[j]!;
        if (
          other.key === detail.key &&
          other.fromDefaults === detail.fromDefaults
        ) {
          earlier = other;
        }
      }
    }
    if (!earlier) continue;
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
  }
  return issues;
}
