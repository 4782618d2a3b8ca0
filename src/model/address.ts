import type { DetailEntity } from "./entity.js";

/**
 * Addresses name what a plan changes, in a Terraform-like form that is stable, readable and
 * unambiguous for any name (quotes, control characters and all are JSON-escaped):
 *
 *     field["Region"]
 *     field.entitlement["Support level"]
 *     field.customer["Title"]
 *     organization["Acme Corp"]
 *     organization["Acme Corp"].detail["Region"]
 *     organization["Acme Corp"].product["Acme Widget"]
 *     organization["Acme Corp"].customer["qm:1a2b"]
 *     organization["Acme Corp"].serviceDesk["SUP"]
 *     organization["Acme Corp"].product["Acme Widget"].detail["Support level"]
 */

const quote = (name: string): string => JSON.stringify(name);

/** The address of a detail field; organization fields keep the short `field["X"]` form. */
export function fieldAddress(
  name: string,
  entity: DetailEntity = "organization",
): string {
  return entity === "organization"
    ? `field[${quote(name)}]`
    : `field.${entity}[${quote(name)}]`;
}

export function organizationAddress(name: string): string {
  return `organization[${quote(name)}]`;
}

export function detailAddress(organization: string, field: string): string {
  return `${organizationAddress(organization)}.detail[${quote(field)}]`;
}

export function productAddress(organization: string, product: string): string {
  return `${organizationAddress(organization)}.product[${quote(product)}]`;
}

export function customerAddress(organization: string, id: string): string {
  return `${organizationAddress(organization)}.customer[${quote(id)}]`;
}

export function serviceDeskAddress(organization: string, ref: string): string {
  return `${organizationAddress(organization)}.serviceDesk[${quote(ref)}]`;
}

/** The address of one entitlement detail value of an organization's product. */
export function entitlementDetailAddress(
  organization: string,
  product: string,
  field: string,
): string {
  return `${productAddress(organization, product)}.detail[${quote(field)}]`;
}

/**
 * The address of the top-level object an address belongs to (`organization["X"]` for any of
 * its details or products); addresses are grouped by it in reports.
 */
export function rootAddress(address: string): string {
  const match =
    /^(?:field(?:\.entitlement|\.customer)?|organization)\[(?:"(?:[^"\\]|\\.)*")\]/.exec(
      address,
    );
  return match ? match[0] : address;
}
