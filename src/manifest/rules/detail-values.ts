import { findFieldType, type FieldType } from "../../model/index.js";
import { appendAll } from "../append-all.js";
import { checkDetailValues } from "../check-detail-values.js";
import { LIMITS } from "../limits.js";
import { issueAt } from "../manifest-model.js";
import type { ManifestIssue } from "../manifest-issue.js";
import type { ManifestRule } from "./manifest-rule.js";

/**
 * Detail values fit their declared field: its type (a real date, an email address...) and its
 * options, as many values as the type takes, none listed twice, none blank.
 */
export const detailValues: ManifestRule = ({ fields, organizations }) => {
  const byName = new Map<
    string,
    { type: FieldType | undefined; options: string[] | undefined }
  >();
  for (const field of fields) {
    if (byName.has(field.key)) continue;
    byName.set(field.key, {
      type: findFieldType(field.type),
      options: field.options?.map((option) => option.name),
    });
  }
  const issues: ManifestIssue[] = [];
  for (const organization of organizations) {
    for (const detail of organization.details) {
      const field = byName.get(detail.key);
      const problems = checkDetailValues(
        detail,
        field?.type,
        field?.options,
        // Past the problems that will be listed, a suggestion is never seen.
        issues.length < LIMITS.maxReportedIssues,
      );
      appendAll(
        issues,
        problems.map(({ where, details }) => issueAt(where, details)),
      );
    }
  }
  return issues;
};
