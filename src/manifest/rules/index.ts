import { absentFields } from "./absent-fields.js";
import { absentOrganizations } from "./absent-organizations.js";
import { declaredDetailKeys } from "./declared-detail-keys.js";
import { detailValues } from "./detail-values.js";
import { entityFields } from "./entity-fields.js";
import { fieldOptions } from "./field-options.js";
import type { ManifestRule } from "./manifest-rule.js";
import { maxFields } from "./max-fields.js";
import { organizationIds } from "./organization-ids.js";
import { previousNames } from "./previous-names.js";
import { pruneAgreement } from "./prune-agreement.js";
import { pruneNeedsList } from "./prune-needs-list.js";
import { serviceDeskForms } from "./service-desk-forms.js";
import { unconfirmedFieldTypes } from "./unconfirmed-field-types.js";
import { uniqueDetailKeys } from "./unique-detail-keys.js";
import { uniqueFieldNames } from "./unique-field-names.js";
import { uniqueListItems } from "./unique-list-items.js";
import { uniqueOrganizationNames } from "./unique-organization-names.js";

export type { ManifestRule } from "./manifest-rule.js";

/** Every cross-document rule, run in this order over the whole model. */
export const MANIFEST_RULES: readonly ManifestRule[] = [
  pruneAgreement,
  maxFields,
  uniqueFieldNames,
  fieldOptions,
  unconfirmedFieldTypes,
  uniqueOrganizationNames,
  organizationIds,
  previousNames,
  absentOrganizations,
  absentFields,
  uniqueDetailKeys,
  uniqueListItems,
  pruneNeedsList,
  serviceDeskForms,
  declaredDetailKeys,
  detailValues,
  entityFields,
];
