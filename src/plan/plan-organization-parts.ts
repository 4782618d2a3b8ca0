import { detailAddress, productAddress } from "../model/address.js";
import type { DesiredDetail, DesiredOrganization } from "../model/desired.js";
import { sameValues } from "../model/field-types.js";
import type { LiveDetail, LiveOrganization } from "../model/live.js";
import { idKey } from "../model/product-ref.js";
import { fieldPrerequisite, type FieldBinding } from "./plan-fields.js";
import type { DetailChange, EntitlementChange, ProductRef } from "./types.js";

/** A detail of a desired organization and the field it sets. */
export interface ResolvedDetail {
  readonly detail: DesiredDetail;
  readonly field: FieldBinding;
}

/** What the changes of one existing organization share. */
export interface ExistingOrganization {
  readonly organization: DesiredOrganization;
  readonly live: LiveOrganization;
  /** Computed once, and only when the organization has a change. */
  readonly liveDigest: () => string;
  /** The address of the organization's rename in this plan, if it is renamed. */
  readonly renameAddress: string | undefined;
  /** `nameKey`, remembered across the plan. */
  readonly keyOf: (name: string) => string;
}

const quote = (text: string): string => JSON.stringify(text);

/**
 * The value changes of an existing organization, for the detail keys its manifest lists
 * only. Values are compared with the field's type (dates normalised, MULTISELECT in any
 * order). Values the live site holds under a field's old name are its values after a
 * rename; a field this plan replaces holds nothing afterwards, so its values are set again.
 */
export function planDetailChanges(
  context: ExistingOrganization,
  details: readonly ResolvedDetail[],
): DetailChange[] {
  const { organization, live } = context;
  if (details.length === 0) return [];
  const liveDetails = new Map<string, LiveDetail>();
  for (const held of live.details) {
    const key = context.keyOf(held.name);
    if (!liveDetails.has(key)) liveDetails.set(key, held);
  }
  const changes: DetailChange[] = [];
  for (const { detail, field } of details) {
    const held =
      field.liveKey === undefined ? undefined : liveDetails.get(field.liveKey);
    const before = held?.values ?? [];
    const wiped = field.wiped && before.length > 0;
    if (!field.wiped && sameValues(field.type, detail.values, before)) {
      continue;
    }
    if (field.wiped && detail.values.length === 0) continue;
    const dependsOn = [
      fieldPrerequisite(field, detail.values),
      context.renameAddress,
    ].filter((address): address is string => address !== undefined);
    changes.push({
      address: detailAddress(organization.name, field.name),
      resource: "detail",
      action: "update",
      destructive: false,
      organizationId: live.id,
      organizationName: organization.name,
      fieldName: field.name,
      before: { values: before },
      after: { values: detail.values },
      liveDigest: context.liveDigest(),
      dependsOn: dependsOn.sort(),
      source: detail.source,
      ...(wiped
        ? {
            note: `replacing field ${quote(field.name)} deletes this value; it is set again`,
          }
        : {}),
    });
  }
  return changes;
}

/**
 * Entitlements to add for the products the manifest lists and the organization lacks, and,
 * with `pruneProducts: true` only, entitlements to remove for products it does not list.
 */
export function planEntitlementChanges(
  context: ExistingOrganization,
  products: readonly ProductRef[],
): EntitlementChange[] {
  const { organization, live } = context;
  const changes: EntitlementChange[] = [];
  const used = new Set<string>();
  // Addresses name products; two products of one name are told apart by id.
  const addressFor = (product: { id: string; name: string }) => {
    let address = productAddress(organization.name, product.name);
    if (used.has(address))
      address = productAddress(organization.name, product.id);
    used.add(address);
    return address;
  };
  const common = {
    resource: "entitlement" as const,
    organizationId: live.id,
    organizationName: organization.name,
    dependsOn: context.renameAddress ? [context.renameAddress] : [],
    ...(organization.products ? { source: organization.products.source } : {}),
  };
  // Product ids are UUIDs, which compare case-insensitively.
  const entitled = new Set(live.entitlements.map((e) => idKey(e.productId)));
  for (const product of products) {
    if (entitled.has(idKey(product.id))) continue;
    changes.push({
      ...common,
      address: addressFor(product),
      action: "create",
      destructive: false,
      before: null,
      after: { productId: product.id, productName: product.name },
      liveDigest: context.liveDigest(),
    });
  }
  if (!organization.pruneProducts) return changes;
  const wanted = new Set(products.map((product) => idKey(product.id)));
  for (const entitlement of live.entitlements) {
    if (wanted.has(idKey(entitlement.productId))) continue;
    changes.push({
      ...common,
      address: addressFor({
        id: entitlement.id,
        name: entitlement.productName,
      }),
      action: "delete",
      destructive: true,
      before: {
        productId: entitlement.productId,
        productName: entitlement.productName,
        entitlementId: entitlement.id,
      },
      after: null,
      liveDigest: context.liveDigest(),
    });
  }
  return changes;
}
