import { issueAt, citeWhere } from "../manifest-model.js";
import type { ManifestRule } from "./manifest-rule.js";

/** Several DetailFields documents are merged: the `prune` settings they state must agree. */
export const pruneAgreement: ManifestRule = ({ fieldDocuments }) => {
  const stated = fieldDocuments.filter((doc) => doc.prune !== undefined);
  const first = stated[0];
  if (!first) return [];
  return stated
    .filter((doc) => doc.prune !== first.prune)
    .map((doc) =>
      issueAt(doc.at, {
        message: `prune: ${String(doc.prune)} disagrees with prune: ${String(first.prune)} at ${citeWhere(first.at)}`,
        found: String(doc.prune),
        expected: `the same prune setting in every DetailFields document (${String(first.prune)})`,
      }),
    );
};
