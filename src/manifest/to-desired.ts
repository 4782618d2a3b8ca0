import {
  findFieldType,
  OTHER_ENTITIES,
  type Desired,
  type DesiredFields,
  type OtherEntity,
  type DesiredDetail,
  type DesiredField,
  type DesiredList,
  type DesiredOrganization,
  type SourceLocation,
} from "../model/index.js";
import type {
  DetailEntry,
  EntityFieldsEntry,
  FieldEntry,
  ListEntry,
  ManifestModel,
  OrganizationEntry,
  Where,
} from "./manifest-model.js";
import { childWhere, locateWhere } from "./manifest-model.js";
import { recordProvenance } from "./provenance.js";

/** The Desired model of a model that passed every rule. */
export function toDesired(model: ManifestModel): Desired {
  const withProductDetails = model.organizations.some(
    (organization) => organization.productDetails !== undefined,
  );
  const entityFields: Partial<Record<OtherEntity, DesiredFields>> = {};
  for (const entity of OTHER_ENTITIES) {
    const entry = model.entities?.[entity];
    if (!entry) continue;
    if (
      entry.fieldDocuments.length > 0 ||
      (entity === "entitlement" && withProductDetails)
    ) {
      entityFields[entity] = toFields(entry);
    }
  }
  const entitlementsDeclared =
    (model.entities?.entitlement.fieldDocuments.length ?? 0) > 0;
  const [pruneOrganizations] = model.pruneOrganizations;
  return {
    ...(pruneOrganizations
      ? {
          pruneOrganizations: {
            prune: pruneOrganizations.prune,
            source: locate(pruneOrganizations.at),
          },
        }
      : {}),
    fields: toFields(model),
    ...(Object.keys(entityFields).length > 0 ? { entityFields } : {}),
    // Provenance serves only `checkAgainstLiveFields`, which has nothing to check when the
    // manifests declare the fields: then it is not kept.
    organizations: model.organizations.map((organization) =>
      toOrganization(
        organization,
        model.fieldDocuments.length === 0,
        !entitlementsDeclared,
      ),
    ),
  };
}

function toFields(entry: EntityFieldsEntry): DesiredFields {
  const stated = entry.fieldDocuments.find((doc) => doc.prune !== undefined);
  return {
    declared: entry.fieldDocuments.length > 0,
    prune: stated?.prune ?? false,
    items: entry.fields.map(toField),
  };
}

function locate(where: Where, child?: string, key = false): SourceLocation {
  return locateWhere(child === undefined ? where : childWhere(where, child), {
    key,
  });
}

function toField(field: FieldEntry): DesiredField {
  const hasOptions = findFieldType(field.type)?.hasOptions === true;
  return {
    name: field.name,
    type: field.type,
    ...(hasOptions
      ? { options: (field.options ?? []).map((option) => option.name) }
      : {}),
    previousNames: field.previousNames.map((previous) => previous.name),
    ...(field.ensure === "absent" ? { ensure: "absent" as const } : {}),
    source: locate(field.at, "name"),
  };
}

function toDetail(entry: DetailEntry, keepProvenance: boolean): DesiredDetail {
  const detail: DesiredDetail = {
    name: entry.name,
    values: entry.values.map((value) => value.text),
    source: locate(entry.at, undefined, true),
  };
  if (keepProvenance) recordProvenance(detail, entry);
  return detail;
}

function toList(list: ListEntry): DesiredList {
  return {
    items: list.items.map((item) => item.name),
    source: locate(list.at),
    itemSources: list.items.map((item) => locateWhere(item.at)),
  };
}

function toOrganization(
  organization: OrganizationEntry,
  keepProvenance: boolean,
  keepProductProvenance: boolean,
): DesiredOrganization {
  return {
    name: organization.name,
    ...(organization.id
      ? { id: organization.id.text, idSource: locate(organization.id.at) }
      : {}),
    previousNames: organization.previousNames.map((previous) => previous.name),
    ensure: organization.ensure,
    details: organization.details.map((detail) =>
      toDetail(detail, keepProvenance),
    ),
    ...(organization.products
      ? { products: toList(organization.products) }
      : {}),
    ...(organization.productDetails
      ? {
          productDetails: organization.productDetails.map((product) => ({
            product: product.name,
            details: product.details.map((detail) =>
              toDetail(detail, keepProductProvenance),
            ),
            source: locate(product.at, "name"),
          })),
        }
      : {}),
    pruneProducts: organization.pruneProducts,
    ...(organization.customers
      ? { customers: toList(organization.customers) }
      : {}),
    ...(organization.pruneCustomers ? { pruneCustomers: true } : {}),
    ...(organization.serviceDesks
      ? { serviceDesks: toList(organization.serviceDesks) }
      : {}),
    ...(organization.pruneServiceDesks ? { pruneServiceDesks: true } : {}),
    source: locate(organization.at, "name"),
  };
}
