import { issueAt, citeWhere, type Where } from "../manifest-model.js";
import type { ManifestRule } from "./manifest-rule.js";

/**
 * Several DetailFields documents are merged: the `prune` settings they state must agree. So
 * must the site-wide `pruneOrganizations` of the Organizations documents.
 */
export const pruneAgreement: ManifestRule = (model) => [
  ...disagreements(model.fieldDocuments, "prune", "DetailFields"),
  ...disagreements(
    model.pruneOrganizations,
    "pruneOrganizations",
    "Organizations",
  ),
];

function disagreements(
  documents: readonly { prune: boolean | undefined; at: Where }[],
  key: string,
  kind: string,
) {
  const stated = documents.filter((doc) => doc.prune !== undefined);
  const first = stated[0];
  if (!first) return [];
  return stated
    .filter((doc) => doc.prune !== first.prune)
    .map((doc) =>
      issueAt(doc.at, {
        message: `${key}: ${String(doc.prune)} disagrees with ${key}: ${String(first.prune)} at ${citeWhere(first.at)}`,
        found: String(doc.prune),
        expected: `the same ${key} setting in every ${kind} document that states it (${String(first.prune)})`,
      }),
    );
}
