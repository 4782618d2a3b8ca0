import { findFieldType } from "../../model/index.js";
import { checkDetailValues } from "../check-detail-values.js";
import { issueAt, type FieldEntry } from "../manifest-model.js";
import type { ManifestIssue } from "../manifest-issue.js";
import type { ManifestRule } from "./manifest-rule.js";

/**
 * Detail values fit their declared field: its type (a real date, an email address...) and its
 * options, as many values as the type takes, none listed twice, none blank.
 */
export const detailValues: ManifestRule = ({ fields, organizations }) => {
  const byName = new Map<string, FieldEntry>();
  for (const field of fields) {
    if (!byName.has(field.key)) byName.set(field.key, field);
  }
  const issues: ManifestIssue[] = [];
  for (const organization of organizations) {
    for (const detail of organization.details) {
      const field = byName.get(detail.key);
      const type = field ? findFieldType(field.type) : undefined;
      issues.push(
        ...checkDetailValues(
          detail,
          type,
          field?.options?.map((option) => option.name),
        ).map(({ where, details }) => issueAt(where, details)),
      );
    }
  }
  return issues;
};
