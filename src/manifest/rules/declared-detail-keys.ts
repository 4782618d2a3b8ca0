import { quote } from "../../util/describe-value.js";
import { didYouMean } from "../../util/did-you-mean.js";
import { LIMITS } from "../limits.js";
import { issueAt, type FieldEntry } from "../manifest-model.js";
import type { ManifestIssue } from "../manifest-issue.js";
import type { ManifestRule } from "./manifest-rule.js";

/**
 * When the manifests declare the fields (any DetailFields document), every detail key must
 * name one of them. Without DetailFields the keys are checked against the live fields
 * instead (`checkAgainstLiveFields`, once the plan has read them).
 */
export const declaredDetailKeys: ManifestRule = ({
  fieldDocuments,
  fields,
  brokenFields,
  organizations,
}) => {
  if (fieldDocuments.length === 0) return [];
  const byName = new Map<string, FieldEntry>();
  const byPreviousName = new Map<string, FieldEntry>();
  for (const field of fields) {
    if (!byName.has(field.key)) byName.set(field.key, field);
    for (const previous of field.previousNames) {
      if (!byPreviousName.has(previous.key)) {
        byPreviousName.set(previous.key, field);
      }
    }
  }
  const names = fields.map((field) => field.name);
  const candidates = [...names, ...brokenFields.values()];
  const issues: ManifestIssue[] = [];
  for (const organization of organizations) {
    for (const detail of organization.details) {
      if (byName.has(detail.key) || brokenFields.has(detail.key)) continue;
      const renamed = byPreviousName.get(detail.key);
      issues.push(
        issueAt(
          detail.at,
          renamed
            ? {
                message: `field ${quote(detail.name)} is being renamed to ${quote(renamed.name)}`,
                found: quote(detail.name),
                expected: `the field's new name, ${quote(renamed.name)}`,
                suggestion: renamed.name,
              }
            : {
                message: `${quote(detail.name)} is not a declared detail field`,
                found: quote(detail.name),
                expected:
                  names.length === 0
                    ? "a field declared in a DetailFields document (none are)"
                    : `one of the declared fields: ${names.join(", ")}`,
                // Past the problems that will be listed, a suggestion is never seen.
                suggestion:
                  issues.length < LIMITS.maxReportedIssues
                    ? didYouMean(detail.name, candidates)
                    : undefined,
              },
          { key: true },
        ),
      );
    }
  }
  return issues;
};
