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
 * product, customers as ids. `at` is where the profile is in the answer (`/profiles/3`);
 * `entitlementDetails` is true when the manifests use entitlement fields (see
 * `entitlementDetails` below).
 */
export function normalizeProfile(
  profile: ApiProfile,
  at: { readonly pointer: string; readonly entitlementDetails: boolean },
): LiveOrganization {
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
    entitlements: profile.entitlements.map((entitlement, index) => {
      const details =
        entitlement.details && entitlement.details.length > 0
          ? entitlementDetails(
              entitlement.details,
              `${at.pointer}/entitlements/${index}/details`,
              at.entitlementDetails,
            )
          : [];
      return {
        id: entitlement.id,
        productId: entitlement.product.id,
        productName: entitlement.product.name,
        ...(details.length > 0 ? { details } : {}),
      };
    }),
    customers: profile.customers.map((customer) => customer.id),
  };
}

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === "string");

/**
 * An entitlement's detail values. The profile shape (`{name, value: {type, text}}`) is
 * documented; the plain shape of the organization calls (`{name, type, values}`) is accepted
 * too, and a plain string where a list is expected, since the entitlement answers are
 * unconfirmed. When the manifests use entitlement fields the values are compared and
 * written, so a detail in none of these shapes fails, naming where; otherwise nothing reads
 * them, and such a detail is left out rather than break a plan about organizations only.
 * Details without a value are left out.
 */
function entitlementDetails(
  details: readonly unknown[],
  pointer: string,
  strict: boolean,
): LiveDetail[] {
  return details.flatMap((detail, index) => {
    const { name, value, type, values } = (detail ?? {}) as {
      name?: unknown;
      value?: { type?: unknown; text?: unknown };
      type?: unknown;
      values?: unknown;
    };
    const given = value?.text ?? values;
    const text =
      typeof given === "string" ? (given === "" ? [] : [given]) : given;
    const typeName =
      value?.type ?? (type as { name?: unknown } | undefined)?.name ?? type;
    if (typeof name !== "string" || !isStrings(text)) {
      if (!strict) return [];
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
