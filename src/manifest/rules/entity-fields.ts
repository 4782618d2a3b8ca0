import { OTHER_ENTITIES } from "../../model/index.js";
import type { ManifestIssue } from "../manifest-issue.js";
import type { ManifestModel, OrganizationEntry } from "../manifest-model.js";
import { absentFields } from "./absent-fields.js";
import { declaredDetailKeys } from "./declared-detail-keys.js";
import { detailValues } from "./detail-values.js";
import { fieldOptions } from "./field-options.js";
import type { ManifestRule } from "./manifest-rule.js";
import { maxFields } from "./max-fields.js";
import { previousNames } from "./previous-names.js";
import { pruneAgreement } from "./prune-agreement.js";
import { unconfirmedFieldTypes } from "./unconfirmed-field-types.js";
import { uniqueDetailKeys } from "./unique-detail-keys.js";
import { uniqueFieldNames } from "./unique-field-names.js";

/** The rules of the organization fields and details, which hold for each entity's too. */
const FIELD_RULES: readonly ManifestRule[] = [
  pruneAgreement,
  maxFields,
  uniqueFieldNames,
  fieldOptions,
  unconfirmedFieldTypes,
  previousNames,
  absentFields,
  uniqueDetailKeys,
  declaredDetailKeys,
  detailValues,
];

const NO_KEYS = new Map<string, never>();

/**
 * The entitlement and customer fields follow the organization rules, each entity on its own
 * (names, the 50-field limit, prune agreement, types and options): the same rules run over a
 * view of the model in which the entity's fields are the fields and, for entitlements, each
 * product entry with details stands as an organization with those details.
 */
export const entityFields: ManifestRule = (model) => {
  const issues: ManifestIssue[] = [];
  for (const entity of OTHER_ENTITIES) {
    const fields = model.entities?.[entity];
    if (!fields) continue;
    const holders: OrganizationEntry[] =
      entity === "entitlement"
        ? model.organizations.flatMap((organization) =>
            (organization.productDetails ?? []).map((product) => ({
              ...product,
              id: undefined,
              previousNames: [],
              ensure: "present" as const,
              products: undefined,
              pruneProducts: false,
              customers: undefined,
              pruneCustomers: false,
              serviceDesks: undefined,
              pruneServiceDesks: false,
              ownKeys: NO_KEYS,
            })),
          )
        : [];
    if (fields.fieldDocuments.length === 0 && holders.length === 0) continue;
    const view: ManifestModel = {
      ...fields,
      organizations: holders,
      pruneOrganizations: [],
    };
    // The rules speak of fields and organizations: their messages are told which entity's.
    for (const rule of FIELD_RULES) {
      for (const issue of rule(view)) {
        const message = ofEntity(issue.message, entity);
        issues.push({
          ...issue,
          message:
            message === issue.message
              ? `${message} (${entity} fields)`
              : message,
          ...(issue.expected === undefined
            ? {}
            : { expected: ofEntity(issue.expected, entity) }),
        });
      }
    }
  }
  return issues;
};

/**
 * The text with its first "field", "fields" or "detail field" outside quoted names told the
 * entity: `"X" is not a declared detail field` → `… a declared entitlement detail field`.
 */
function ofEntity(text: string, entity: string): string {
  let done = false;
  return text.replace(/"(?:[^"\\]|\\.)*"|\b(?:detail )?fields?\b/g, (match) => {
    if (done || match.startsWith('"')) return match;
    done = true;
    return `${entity} ${match}`;
  });
}
