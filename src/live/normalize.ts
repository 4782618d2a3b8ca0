import type { ApiDetailField, ApiProfile } from "../api/types.js";
import type { LiveField, LiveOrganization } from "../model/live.js";

/** A detail field definition as the Live model holds it. */
export function normalizeDetailField(field: ApiDetailField): LiveField {
  const position = field.configuration?.position;
  return {
    name: field.name,
    type: field.type.name,
    ...(field.type.options === undefined
      ? {}
      : { options: [...field.type.options] }),
    ...(position === undefined ? {} : { position }),
  };
}

/**
 * An organization profile as the Live model holds it: details as `{name, type, values}`
 * (a detail with no value is left out, as the model says), entitlements flattened to their
 * product, customers as ids.
 */
export function normalizeProfile(profile: ApiProfile): LiveOrganization {
  return {
    id: profile.id,
    name: profile.name,
    details: profile.details
      .filter((detail) => detail.value.text.length > 0)
      .map((detail) => ({
        name: detail.name,
        type: detail.value.type,
        values: [...detail.value.text],
      })),
    entitlements: profile.entitlements.map((entitlement) => ({
      id: entitlement.id,
      productId: entitlement.product.id,
      productName: entitlement.product.name,
    })),
    customers: profile.customers.map((customer) => customer.id),
  };
}
