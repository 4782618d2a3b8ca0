import {
  findFieldType,
  type Desired,
  type DesiredDetail,
  type DesiredField,
  type DesiredList,
  type DesiredOrganization,
  type SourceLocation,
} from "../model/index.js";
import type {
  DetailEntry,
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
  const stated = model.fieldDocuments.find((doc) => doc.prune !== undefined);
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
    fields: {
      declared: model.fieldDocuments.length > 0,
      prune: stated?.prune ?? false,
      items: model.fields.map(toField),
    },
    // Provenance serves only `checkAgainstLiveFields`, which has nothing to check when the
    // manifests declare the fields: then it is not kept.
    organizations: model.organizations.map((organization) =>
      toOrganization(organization, model.fieldDocuments.length === 0),
    ),
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
    pruneProducts: organization.pruneProducts,
    ...(organization.customers
      ? { customers: toList(organization.customers) }
      : {}),
    source: locate(organization.at, "name"),
  };
}
