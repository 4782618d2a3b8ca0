import { appendAll } from "./append-all.js";
import {
  checkFieldValues,
  lookupFieldType,
  nameKey,
  type Desired,
  type DesiredDetail,
  type LiveField,
} from "../model/index.js";
import { checkDetailValues } from "./check-detail-values.js";
import { quote } from "../util/describe-value.js";
import { didYouMean } from "../util/did-you-mean.js";
import type { ManifestIssue } from "./manifest-issue.js";
import { issueAtSource } from "./issue-at-source.js";
import { issueAt } from "./manifest-model.js";
import { provenanceOf } from "./provenance.js";
import type { IssueDetails } from "./source-text.js";

/**
 * When the manifests declare no fields (no DetailFields document), the live fields stand in:
 * every detail key must name a live field and its values must fit that field's type and
 * options. The plan calls this after reading the live fields, before planning anything.
 * Returns no issues when the manifests declare the fields (the loader checked them). The
 * entitlement details of products are checked the same way against the live entitlement
 * fields, unless an `entity: entitlement` document declares them.
 */
export function checkAgainstLiveFields(
  desired: Desired,
  liveFields: readonly LiveField[],
  liveEntitlementFields: readonly LiveField[] = [],
): ManifestIssue[] {
  const issues = desired.fields.declared
    ? []
    : checkDetails(
        desired,
        desired.organizations.flatMap((organization) => organization.details),
        liveFields,
        "",
      );
  // Entitlement detail keys of products follow the same rule against the entitlement fields.
  const entitlements = desired.entityFields?.entitlement;
  if (entitlements && !entitlements.declared) {
    const details = desired.organizations.flatMap((organization) =>
      (organization.productDetails ?? []).flatMap((product) => product.details),
    );
    appendAll(
      issues,
      checkDetails(desired, details, liveEntitlementFields, "entitlement "),
    );
  }
  return issues;
}

function checkDetails(
  desired: Desired,
  details: readonly DesiredDetail[],
  liveFields: readonly LiveField[],
  entity: string,
): ManifestIssue[] {
  const byName = new Map<string, LiveField>();
  for (const field of liveFields) {
    if (!byName.has(nameKey(field.name)))
      byName.set(nameKey(field.name), field);
  }
  const names = liveFields.map((field) => field.name);
  const issues: ManifestIssue[] = [];
  for (const detail of details) {
    const field = byName.get(nameKey(detail.name));
    if (!field) {
      issues.push(
        located(desired, detail, {
          message: `${quote(detail.name)} is not ${entity ? "an entitlement" : "a"} detail field of the site`,
          found: quote(detail.name),
          expected:
            names.length === 0
              ? `a field of the site (it has no ${entity}detail fields; declare fields in a DetailFields document${entity ? " with entity: entitlement" : ""})`
              : `one of the site's ${entity}fields: ${names.join(", ")}`,
          suggestion: didYouMean(detail.name, names),
        }),
      );
      continue;
    }
    appendAll(issues, valueIssues(desired, detail, field));
  }
  return issues;
}

function valueIssues(
  desired: Desired,
  detail: DesiredDetail,
  field: LiveField,
): ManifestIssue[] {
  const type = lookupFieldType(field.type);
  const entry = provenanceOf(detail);
  if (entry) {
    return checkDetailValues(entry, type, field.options).map(
      ({ where, details }) => issueAt(where, details),
    );
  }
  return checkFieldValues(type, field.options, detail.values).map((message) =>
    located(desired, detail, {
      message: `${quote(detail.name)}: ${message.split("; expected ")[0] ?? message}`,
      expected: type.hasOptions
        ? `one of: ${(field.options ?? []).join(", ")}`
        : type.expected,
    }),
  );
}

/** An issue at the detail's key: with its source line when the loader made the detail. */
function located(
  desired: Desired,
  detail: DesiredDetail,
  details: IssueDetails,
): ManifestIssue {
  const entry = provenanceOf(detail);
  if (entry) return issueAt(entry.at, details, { key: true });
  return issueAtSource(desired, detail.source, details);
}
