import { quote } from "../../util/describe-value.js";
import {
  citeWhere,
  issueAt,
  type NamedEntry,
  type Where,
} from "../manifest-model.js";
import type { ManifestIssue } from "../manifest-issue.js";
import type { ManifestRule } from "./manifest-rule.js";

interface Renamable extends NamedEntry {
  readonly previousNames: readonly NamedEntry[];
}

/**
 * A previous name says "the live object under this name is this one": so it must not be the
 * current name of anything, nor be claimed by two objects (fields and organizations each).
 */
export const previousNames: ManifestRule = ({ fields, organizations }) => [
  ...checkRenames(fields, "field"),
  ...checkRenames(organizations, "organization"),
];

function checkRenames(
  objects: readonly Renamable[],
  noun: string,
): ManifestIssue[] {
  const current = new Map<string, Renamable>();
  for (const object of objects) {
    if (!current.has(object.key)) current.set(object.key, object);
  }
  const claimed = new Map<string, { owner: Renamable; at: Where }>();
  const issues: ManifestIssue[] = [];
  for (const object of objects) {
    for (const previous of object.previousNames) {
      const owner = current.get(previous.key);
      const claim = claimed.get(previous.key);
      if (owner === object) {
        issues.push(
          issueAt(previous.at, {
            message: `${noun} ${quote(object.name)} lists its own name as a previous name`,
            expected: "only names the object had before",
          }),
        );
      } else if (owner) {
        issues.push(
          issueAt(previous.at, {
            message: `previous name ${quote(previous.name)} is the name of another ${noun} (at ${citeWhere(owner.at)})`,
            expected: `a name no ${noun} in the manifests has now`,
          }),
        );
      } else if (claim) {
        issues.push(
          issueAt(previous.at, {
            message:
              claim.owner === object
                ? `previous name ${quote(previous.name)} is listed twice`
                : `previous name ${quote(previous.name)} is already claimed by ${noun} ${quote(claim.owner.name)} (at ${citeWhere(claim.at)})`,
            expected: `each previous name claimed by one ${noun} only`,
          }),
        );
      } else {
        claimed.set(previous.key, { owner: object, at: previous.at });
      }
    }
  }
  return issues;
}
