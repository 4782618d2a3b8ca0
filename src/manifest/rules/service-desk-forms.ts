import { quote } from "../../util/describe-value.js";
import { childWhere, issueAt, type NamedEntry } from "../manifest-model.js";
import type { ManifestIssue } from "../manifest-issue.js";
import type { ManifestRule } from "./manifest-rule.js";

const isId = (ref: string): boolean => /^[0-9]+$/.test(ref);

/**
 * With `pruneServiceDesks: true` anywhere, every service desk is named one way only: keys
 * and ids compare as written, so `HR` and `2` may be one desk read twice, and pruning would
 * remove the link one of them adds on every apply. Reported at each reference of the rarer
 * form (the ids on a tie). Without prune, mixing only adds links, which is harmless. When no
 * manifest names a service desk, pruning reads none and removes nothing: a warning says so.
 */
export const serviceDeskForms: ManifestRule = ({ organizations }) => {
  const present = organizations.filter((o) => o.ensure !== "absent");
  if (!present.some((o) => o.pruneServiceDesks)) return [];
  const refs = present.flatMap((o) => o.serviceDesks?.items ?? []);
  if (refs.length === 0)
    return present
      .filter((o) => o.pruneServiceDesks)
      .map((o) =>
        issueAt(
          childWhere(o.at, "pruneServiceDesks"),
          {
            severity: "warning",
            message: `organization ${quote(o.name)} sets pruneServiceDesks: true, but no manifest names a service desk: only the service desks named are read, so nothing is removed`,
            expected:
              "the service desks to remove it from, named in another organization's serviceDesks",
          },
          { key: true },
        ),
      );
  const ids = refs.filter((ref) => isId(ref.key));
  const keys = refs.filter((ref) => !isId(ref.key));
  if (ids.length === 0 || keys.length === 0) return [];
  const [rare, other, form, otherForm] =
    keys.length < ids.length
      ? [keys, ids, "key", "id"]
      : [ids, keys, "id", "key"];
  return rare.map((ref: NamedEntry): ManifestIssue =>
    issueAt(ref.at, {
      message: `service desk ${quote(ref.name)} is named by ${form} where the others are named by ${otherForm} (such as ${quote(other[0]!.name)}), and pruneServiceDesks is set: a key and an id may be the same service desk, and pruning would revoke the access the other adds on every apply`,
      found: ref.name,
      expected: `the service desk's ${otherForm}, as every other reference names it`,
    }),
  );
};
