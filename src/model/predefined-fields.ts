/**
 * Detail fields a CSM site may come with, that no one created through the API ("not all CSM
 * instances may have access to default fields yet": ../shared/api/CSM-API.md). Deleting one
 * wipes its values on every organization, so `prune` never deletes them; a manifest that
 * declares one adopts it, and must keep its type.
 */

import { nameKey } from "./names.js";

/** One predefined organization detail field, as Atlassian describes it. */
export interface PredefinedField {
  readonly name: string;
  readonly type: string;
  readonly options?: readonly string[];
}

/** The predefined organization detail fields. */
const PREDEFINED_ORGANIZATION_FIELDS: readonly PredefinedField[] = [
  {
    name: "Type",
    type: "MULTISELECT",
    options: ["Customer", "Prospect", "Partner", "Supplier/Vendor", "Other"],
  },
  { name: "Industry", type: "TEXT" },
  { name: "External ID", type: "TEXT" },
  { name: "Address", type: "TEXT" },
  { name: "Website", type: "URL" },
  {
    name: "Customer Segment",
    type: "MULTISELECT",
    options: ["Enterprise", "Mid-market", "SMB", "Startup", "Consumer"],
  },
];

const BY_KEY = new Map(
  PREDEFINED_ORGANIZATION_FIELDS.map((field) => [nameKey(field.name), field]),
);

/** The predefined organization field of this name (compared as the API compares names). */
export function findPredefinedField(name: string): PredefinedField | undefined {
  return BY_KEY.get(nameKey(name));
}
