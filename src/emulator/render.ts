import type {
  EmulatorState,
  EntitlementRecord,
  OrganizationRecord,
  ProductRecord,
} from "./emulator-state.js";
import type { FieldRecord, ValueHolder } from "./field-set.js";

/**
 * The answer shapes of the CSM API, exactly as the seed reference page shows them. Note the
 * two shapes of a detail: the plain organization calls write `values`, profiles write
 * `value.type` and `value.text`.
 */

function fieldType(field: FieldRecord): { name: string; options?: string[] } {
  return field.options
    ? { name: field.type, options: [...field.options] }
    : { name: field.type };
}

/** An entry of `GET {entity}/details`. */
export function renderField(field: FieldRecord): object {
  return {
    name: field.name,
    type: fieldType(field),
    configuration: { position: field.position },
  };
}

/** The answer of field create and edit: no configuration, as on the seed page. */
export function renderFieldAnswer(field: FieldRecord): object {
  return { name: field.name, type: fieldType(field) };
}

export function renderOrganizationRef(
  organization: OrganizationRecord,
): object {
  return { id: organization.id, name: organization.name };
}

/** `GET organization/{id}`. */
export function renderOrganization(
  state: EmulatorState,
  organization: OrganizationRecord,
): object {
  return {
    id: organization.id,
    name: organization.name,
    details: state.detailFields.organization
      .held(organization)
      .map(({ field, values }) => ({
        id: field.id,
        name: field.name,
        type: fieldType(field),
        values: [...values],
        configuration: { position: field.position },
      })),
  };
}

/** The answer of `PUT organization|entitlement/{id}/details?fieldName=F`. */
export function renderDetailAnswer(
  field: FieldRecord,
  values: string[],
): object {
  return {
    id: field.id,
    name: field.name,
    type: fieldType(field),
    values: [...values],
  };
}

/** Details in the profile shape, `{name, value: {type, text}}`, in field order. */
function profileDetails(
  state: EmulatorState,
  holder: ValueHolder,
  entity: "organization" | "entitlement",
): object[] {
  return state.detailFields[entity].held(holder).map(({ field, values }) => ({
    name: field.name,
    value: { type: field.type, text: [...values] },
  }));
}

/**
 * An entitlement (`GET entitlement/{id}`, and in profiles): its details in the profile shape;
 * `entitledEntity` is the organization (type is our guess).
 */
export function renderEntitlement(
  state: EmulatorState,
  entitlement: EntitlementRecord,
): object {
  return {
    id: entitlement.id,
    product: renderProduct(entitlement.product),
    entitledEntity: { id: entitlement.organization.id, type: "ORGANIZATION" },
    details: profileDetails(state, entitlement, "entitlement"),
  };
}

/** An organization profile. */
export function renderProfile(
  state: EmulatorState,
  organization: OrganizationRecord,
): object {
  return {
    id: organization.id,
    name: organization.name,
    details: profileDetails(state, organization, "organization"),
    entitlements: [...organization.entitlements.values()].map((entitlement) =>
      renderEntitlement(state, entitlement),
    ),
    customers: organization.customers.map((id) => ({ id })),
  };
}

export function renderProduct(product: ProductRecord): object {
  return { id: product.id, name: product.name };
}
