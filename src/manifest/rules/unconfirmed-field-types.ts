import { findFieldType } from "../../model/index.js";
import { quote } from "../../util/describe-value.js";
import { childWhere, issueAt } from "../manifest-model.js";
import type { ManifestRule } from "./manifest-rule.js";

/** A warning for field types Atlassian's documentation does not confirm (NUMBER, URL...). */
export const unconfirmedFieldTypes: ManifestRule = ({ fields }) =>
  fields
    .filter(
      (field) =>
        field.ensure !== "absent" &&
        findFieldType(field.type)?.confirmed === false,
    )
    .map((field) =>
      issueAt(childWhere(field.at, "type"), {
        severity: "warning",
        message: `type ${field.type} of field ${quote(field.name)} is not confirmed by Atlassian's documentation; the site may refuse it`,
        expected: "TEXT, SELECT, MULTISELECT, DATE, EMAIL or PHONE",
      }),
    );
