import { findFieldType } from "../../model/index.js";
import { quote } from "../../util/describe-value.js";
import { childWhere, citeWhere, issueAt } from "../manifest-model.js";
import type { ManifestRule } from "./manifest-rule.js";

/** The code of the warning below; `ORGSYNC_NO_UNCONFIRMED_WARNING=1` silences it in the CLI. */
export const UNCONFIRMED_TYPE_WARNING = "W_UNCONFIRMED_TYPE";

/**
 * One warning for every field whose type Atlassian's documentation does not confirm (NUMBER,
 * URL...): located at the first, naming the others with where they are, so that a run says it
 * once, however many such fields the manifests declare.
 */
export const unconfirmedFieldTypes: ManifestRule = ({ fields }) => {
  const unconfirmed = fields.filter(
    (field) =>
      field.ensure !== "absent" &&
      findFieldType(field.type)?.confirmed === false,
  );
  const [first, ...others] = unconfirmed;
  if (first === undefined) return [];
  const message =
    others.length === 0
      ? `type ${first.type} of field ${quote(first.name)} is not confirmed by Atlassian's documentation; the site may refuse it`
      : `the types of ${unconfirmed.length} fields are not confirmed by Atlassian's documentation, and the site may refuse them: ${quote(first.name)} ${first.type} (here), ${others
          .map(
            (field) =>
              `${quote(field.name)} ${field.type} (${citeWhere(childWhere(field.at, "type"))})`,
          )
          .join(", ")}`;
  return [
    {
      ...issueAt(childWhere(first.at, "type"), {
        severity: "warning",
        message,
        expected: "TEXT, SELECT, MULTISELECT, DATE, EMAIL or PHONE",
      }),
      code: UNCONFIRMED_TYPE_WARNING,
    },
  ];
};
