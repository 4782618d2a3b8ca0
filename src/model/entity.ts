/**
 * CSM has detail fields on three entities: organizations, entitlements (an organization's
 * products) and customers. Each has its own name space, 50-field limit and predefined fields;
 * their API calls are the same under `organization/`, `entitlement/` and `customer/`.
 */
export type DetailEntity = "organization" | "entitlement" | "customer";

/** The entities besides organizations, whose fields orgsync reads only when a manifest uses them. */
export type OtherEntity = Exclude<DetailEntity, "organization">;

/** In the order documents, plans and exports list them. */
export const OTHER_ENTITIES: readonly OtherEntity[] = [
  "entitlement",
  "customer",
];
