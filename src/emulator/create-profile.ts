import { invalidProperty } from "./api-error.js";
import type {
  EmulatorState,
  OrganizationRecord,
  ProductRecord,
} from "./emulator-state.js";
import type { FieldRecord } from "./field-set.js";
import { checkDetailValues } from "./site-rules.js";

/** What a profile create carries once its body has been read. */
export interface ProfileInput {
  readonly name: string;
  readonly details: readonly { name: string; values: string[] }[];
  readonly customerIds: readonly string[];
  readonly productIds: readonly string[];
}

function checkNoRepeats(items: readonly string[], path: string): string[] {
  const seen = new Set<string>();
  for (const [index, item] of items.entries()) {
    if (seen.has(item)) {
      throw invalidProperty(`${path}[${index}]`, `"${item}" is listed twice`);
    }
    seen.add(item);
  }
  return [...items];
}

function checkDetails(
  state: EmulatorState,
  details: ProfileInput["details"],
): { field: FieldRecord; values: string[] }[] {
  const seen = new Set<FieldRecord>();
  return details.map((detail, index) => {
    const field = state.detailFields.organization.byName(detail.name);
    if (!field) {
      throw invalidProperty(
        `details[${index}].name`,
        `no organization detail field named "${detail.name}"`,
      );
    }
    if (seen.has(field)) {
      throw invalidProperty(
        `details[${index}].name`,
        `field "${field.name}" is listed twice`,
      );
    }
    seen.add(field);
    checkDetailValues(field, detail.values, `details[${index}].values`);
    return { field, values: [...detail.values] };
  });
}

function checkProducts(
  state: EmulatorState,
  productIds: readonly string[],
): ProductRecord[] {
  checkNoRepeats(productIds, "associateProducts.productIds");
  return productIds.map((productId, index) => {
    const product = state.productById(productId);
    if (!product) {
      throw invalidProperty(
        `associateProducts.productIds[${index}]`,
        `no product with id "${productId}"`,
      );
    }
    return product;
  });
}

/**
 * POST organization/profile: the organization, its detail values, entitlements and customers
 * in one call. Everything is checked before anything is created, so a bad part leaves no trace.
 */
export function createProfile(
  state: EmulatorState,
  input: ProfileInput,
): OrganizationRecord {
  state.checkOrganizationName(input.name, undefined);
  const details = checkDetails(state, input.details);
  const products = checkProducts(state, input.productIds);
  const customers = checkNoRepeats(
    input.customerIds,
    "associateCustomers.customerIds",
  );
  const organization = state.createOrganization(input.name);
  for (const { field, values } of details) {
    state.detailFields.organization.store(organization, field, values);
  }
  for (const product of products) state.addEntitlement(organization, product);
  organization.customers.push(...customers);
  for (const accountId of customers) state.knowAccount({ accountId });
  return organization;
}
