import type {
  EmulatorState,
  EntitlementRecord,
  FieldRecord,
  OrganizationRecord,
  ProductRecord,
} from "./emulator-state.js";

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

/** An entry of `GET organization/details`. */
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

/** The fields an organization holds values for, in field order. */
function heldDetails(
  state: EmulatorState,
  organization: OrganizationRecord,
): { field: FieldRecord; values: string[] }[] {
  const held: { field: FieldRecord; values: string[] }[] = [];
  for (const field of state.fields.values()) {
    const values = organization.values.get(field.id);
    if (values) held.push({ field, values });
  }
  return held;
}

/** `GET organization/{id}`. */
export function renderOrganization(
  state: EmulatorState,
  organization: OrganizationRecord,
): object {
  return {
    id: organization.id,
    name: organization.name,
    details: heldDetails(state, organization).map(({ field, values }) => ({
      id: field.id,
      name: field.name,
      type: fieldType(field),
      values: [...values],
      configuration: { position: field.position },
    })),
  };
}

/** The answer of `PUT organization/{id}/details?fieldName=F`. */
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

/**
 * An entitlement. The emulator has no entitlement-level details (no call sets them), so
 * `details` is always empty; `entitledEntity` is the organization (type is our guess).
 */
export function renderEntitlement(entitlement: EntitlementRecord): object {
  return {
    id: entitlement.id,
    product: renderProduct(entitlement.product),
    entitledEntity: { id: entitlement.organization.id, type: "ORGANIZATION" },
    details: [],
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
    details: heldDetails(state, organization).map(({ field, values }) => ({
      name: field.name,
      value: { type: field.type, text: [...values] },
    })),
    entitlements: [...organization.entitlements.values()].map(
      renderEntitlement,
    ),
    customers: organization.customers.map((id) => ({ id })),
  };
}

export function renderProduct(product: ProductRecord): object {
  return { id: product.id, name: product.name };
}
