import { LIMITS } from "../limits.js";
import { issueAt } from "../manifest-model.js";
import type { ManifestRule } from "./manifest-rule.js";

/**
 * A site holds at most 50 detail fields. One document with more is the schema's to report;
 * this rule counts across all DetailFields documents together.
 */
export const maxFields: ManifestRule = ({ fields, fieldDocuments }) => {
  const over = fields[LIMITS.maxFields];
  if (!over || fieldDocuments.length < 2) return [];
  return [
    issueAt(over.at, {
      message: `more than ${LIMITS.maxFields} detail fields in all DetailFields documents together (${fields.length})`,
      found: `${fields.length} fields`,
      expected: `at most ${LIMITS.maxFields}, the most a site holds`,
    }),
  ];
};
