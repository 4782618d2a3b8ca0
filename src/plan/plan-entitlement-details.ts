import { entitlementDetailAddress } from "../model/address.js";
import type { DesiredOrganization } from "../model/desired.js";
import { sameValues } from "../model/field-types.js";
import type { LiveEntitlement, LiveOrganization } from "../model/live.js";
import { nameKey } from "../model/names.js";
import { idKey } from "../model/product-ref.js";
import { formatLocation } from "../model/source.js";
import { fieldPrerequisite, type FieldPlan } from "./plan-fields.js";
import type { PlanInputProblem } from "./plan-input-error.js";
import type { ProductResolver } from "./resolve-products.js";
import type { EntitlementChange, EntitlementDetailChange } from "./types.js";

const quote = (text: string): string => JSON.stringify(text);

/** The organization whose products' details are planned, as this plan leaves it. */
export interface EntitlementHolder {
  readonly organization: DesiredOrganization;
  /** Absent when this plan creates the organization. */
  readonly live?: LiveOrganization;
  /** The address of the change that creates the organization, when it does. */
  readonly createAddress?: string;
  /** The entitlements this plan makes for the organization (existing ones only). */
  readonly created: readonly EntitlementChange[];
  /** Computed once, and only when there is a change. */
  readonly liveDigest: () => string;
}

/**
 * The entitlement detail value changes of one organization, for the detail keys its products
 * list only, compared with the field's type like organization details. A value on a product
 * the organization is not yet entitled to waits for the change that makes the entitlement (or
 * creates the organization with it); apply learns the entitlement's id from that answer.
 * Unknown products are reported where the products list is resolved, not again here.
 */
export function planEntitlementDetails(
  holder: EntitlementHolder,
  fields: FieldPlan | undefined,
  resolveProduct: ProductResolver,
  problems: PlanInputProblem[],
): EntitlementDetailChange[] {
  const { organization, live } = holder;
  if (!fields || !organization.productDetails) return [];
  const changes: EntitlementDetailChange[] = [];
  const seenProducts = new Map<string, string>();
  for (const product of organization.productDetails) {
    const resolved = resolveProduct(product.product);
    if ("problem" in resolved) continue;
    const earlier = seenProducts.get(idKey(resolved.id));
    if (earlier !== undefined) {
      problems.push({
        source: product.source,
        message: `product ${quote(product.product)} of organization ${quote(organization.name)} lists details a second time (first at ${earlier}); expected each product's details once`,
      });
      continue;
    }
    seenProducts.set(idKey(resolved.id), formatLocation(product.source));
    const entitlement = live?.entitlements.find(
      (e) => idKey(e.productId) === idKey(resolved.id),
    );
    const creates = entitlement
      ? undefined
      : (holder.createAddress ??
        holder.created.find(
          (change) =>
            idKey(change.after?.productId ?? "") === idKey(resolved.id),
        )?.address);
    if (!entitlement && creates === undefined) continue;
    const seenFields = new Set<string>();
    for (const detail of product.details) {
      const field = fields.bind(detail.name);
      if ("problem" in field) {
        problems.push({
          source: detail.source,
          message: field.problem.replace(/^detail /, "entitlement detail "),
        });
        continue;
      }
      if (seenFields.has(nameKey(field.name))) continue;
      seenFields.add(nameKey(field.name));
      const before = heldValues(entitlement, field.liveKey);
      if (!field.wiped && sameValues(field.type, detail.values, before)) {
        continue;
      }
      if ((field.wiped || !entitlement) && detail.values.length === 0) continue;
      const dependsOn = [fieldPrerequisite(field, detail.values), creates]
        .filter((address): address is string => address !== undefined)
        .sort();
      changes.push({
        address: entitlementDetailAddress(
          organization.name,
          resolved.name,
          field.name,
        ),
        resource: "entitlementDetail",
        action: "update",
        destructive: false,
        organizationName: organization.name,
        ...(live ? { organizationId: live.id } : {}),
        productId: resolved.id,
        productName: resolved.name,
        ...(entitlement ? { entitlementId: entitlement.id } : {}),
        fieldName: field.name,
        before: { values: before },
        after: { values: detail.values },
        liveDigest: holder.liveDigest(),
        dependsOn,
        source: detail.source,
      });
    }
  }
  return changes;
}

function heldValues(
  entitlement: LiveEntitlement | undefined,
  liveKey: string | undefined,
): readonly string[] {
  if (!entitlement || liveKey === undefined) return [];
  return (
    entitlement.details?.find((detail) => nameKey(detail.name) === liveKey)
      ?.values ?? []
  );
}
