/**
 * Detail fields a CSM site may come with, that no one created through the API ("not all CSM
 * instances may have access to default fields yet": ../shared/api/CSM-API.md). Deleting one
 * wipes its values on every organization, so `prune` never deletes them; a manifest that
 * declares one adopts it, and must keep its type.
 */

import type { DetailEntity } from "./entity.js";
import { nameKey } from "./names.js";

/** One predefined organization detail field, as Atlassian describes it. */
export interface PredefinedField {
  readonly name: string;
  readonly type: string;
  readonly options?: readonly string[];
}

/** The predefined organization detail fields. (Type is first: customers have it too.) */
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

/** The predefined customer detail fields (none are documented for entitlements). */
const PREDEFINED_CUSTOMER_FIELDS: readonly PredefinedField[] = [
  ...["Full name", "Phone", "External ID", "Title", "Region"].map((name) => ({
    name,
    type: "TEXT",
  })),
  { name: "Preferred Language", type: "TEXT" },
  PREDEFINED_ORGANIZATION_FIELDS[0]!,
];

const byKey = (fields: readonly PredefinedField[]) =>
  new Map(fields.map((field) => [nameKey(field.name), field]));

const BY_ENTITY: Readonly<
  Record<DetailEntity, ReadonlyMap<string, PredefinedField>>
> = {
  organization: byKey(PREDEFINED_ORGANIZATION_FIELDS),
  entitlement: new Map(),
  customer: byKey(PREDEFINED_CUSTOMER_FIELDS),
};

/** The predefined field of this name on an entity (compared as the API compares names). */
export function findPredefinedField(
  name: string,
  entity: DetailEntity = "organization",
): PredefinedField | undefined {
  return BY_ENTITY[entity].get(nameKey(name));
}
