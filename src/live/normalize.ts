import { ResponseShapeError } from "../api/errors.js";
import type { ApiDetailField, ApiProfile } from "../api/types.js";
import type { LiveDetail, LiveField, LiveOrganization } from "../model/live.js";

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
    entitlements: profile.entitlements.map((entitlement, index) => ({
      id: entitlement.id,
      productId: entitlement.product.id,
      productName: entitlement.product.name,
      ...(entitlement.details && entitlement.details.length > 0
        ? {
            details: entitlementDetails(
              entitlement.details,
              `/entitlements/${index}/details`,
            ),
          }
        : {}),
    })),
    customers: profile.customers.map((customer) => customer.id),
  };
}

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === "string");

/**
 * An entitlement's detail values. The profile shape (`{name, value: {type, text}}`) is
 * documented; the plain shape of the organization calls (`{name, type, values}`) is accepted
 * too, since the entitlement answers are unconfirmed. Values are compared and written, so a
 * detail in neither shape fails, naming where. Details without a value are left out.
 */
function entitlementDetails(
  details: readonly unknown[],
  pointer: string,
): LiveDetail[] {
  return details.flatMap((detail, index) => {
    const { name, value, type, values } = (detail ?? {}) as {
      name?: unknown;
      value?: { type?: unknown; text?: unknown };
      type?: unknown;
      values?: unknown;
    };
    const text = value?.text ?? values;
    const typeName =
      value?.type ?? (type as { name?: unknown } | undefined)?.name ?? type;
    if (typeof name !== "string" || !isStrings(text)) {
      throw new ResponseShapeError({
        call: "POST organization/profile/fetch",
        pointer: `${pointer}/${index}`,
        expected:
          'an entitlement detail {"name", "value": {"type", "text": [...]}}',
        definition: "Entitlement",
      });
    }
    if (text.length === 0) return [];
    return [
      {
        name,
        type: typeof typeName === "string" ? typeName : "TEXT",
        values: [...text],
      },
    ];
  });
}
