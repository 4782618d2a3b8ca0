/**
 * `orgsync emulator --state-from-manifests PATH`: the state the manifests describe, as an
 * emulator seed. The conversion lives here, in the CLI, so that the emulator itself knows
 * nothing of manifests (it stays an independent implementation of Atlassian's contract).
 */
import type { EmulatorSeed, SeedOrganization } from "../emulator/index.js";
import {
  findPredefinedField,
  formatLocation,
  isProductId,
  nameKey,
  type Desired,
  type DesiredFields,
  type DesiredOrganization,
} from "../model/index.js";
import { UsageError } from "../util/errors.js";

/** Options of `manifestsToSeed`. */
export interface ManifestsToSeedOptions {
  /** The emulator also starts with the predefined fields, so detail keys may name them. @default false */
  readonly predefinedFields?: boolean;
}

/**
 * The site after a complete apply of `desired`: its fields (in manifest order), the products
 * its organizations name, its organizations with their details, products and customers, and
 * the service desks they name, linked to them.
 * `ensure: absent` objects are left out and previous names play no part (the renames are done).
 * A detail key must name a declared field (or, with `predefinedFields`, a predefined one):
 * a seed needs each field's type, which only a `DetailFields` document gives.
 */
export function manifestsToSeed(
  desired: Desired,
  options: ManifestsToSeedOptions = {},
): EmulatorSeed {
  const fields = seedFields(desired.fields);
  const known = new Set(fields.map((field) => nameKey(field.name)));
  const entitlementFields = seedFields(desired.entityFields?.entitlement);
  const knownEntitlement = new Set(
    entitlementFields.map((field) => nameKey(field.name)),
  );
  const undeclared: string[] = [];
  const products = new Map<string, string>();
  const organizations: SeedOrganization[] = [];
  const desks = new Map<string, string[]>();
  for (const organization of desired.organizations) {
    if (organization.ensure === "absent") continue;
    const details: Record<string, readonly string[]> = {};
    for (const detail of organization.details) {
      const declared =
        known.has(nameKey(detail.name)) ||
        (options.predefinedFields === true &&
          findPredefinedField(detail.name) !== undefined);
      if (!declared) {
        undeclared.push(
          `${formatLocation(detail.source)}: ${JSON.stringify(detail.name)} of ${JSON.stringify(organization.name)}`,
        );
      }
      if (detail.values.length > 0) details[detail.name] = detail.values;
    }
    const entitled = organization.products?.items ?? [];
    for (const product of entitled) products.set(nameKey(product), product);
    const customers = organization.customers?.items ?? [];
    for (const ref of organization.serviceDesks?.items ?? []) {
      desks.set(ref, [...(desks.get(ref) ?? []), organization.name]);
    }
    const entitlementDetails = productValues(
      organization,
      knownEntitlement,
      undeclared,
    );
    organizations.push({
      // The manifest's id, so that a plan of the same manifests finds each organization.
      ...(organization.id === undefined ? {} : { id: organization.id }),
      name: organization.name,
      ...(Object.keys(details).length > 0 ? { details } : {}),
      ...(entitled.length > 0 ? { products: entitled } : {}),
      ...(entitlementDetails ? { entitlementDetails } : {}),
      ...(customers.length > 0 ? { customers } : {}),
    });
  }
  if (undeclared.length > 0) {
    throw new UsageError(
      `--state-from-manifests needs every detail key declared in a DetailFields document of its entity (the seed needs each field's type); not declared: ${undeclared.join("; ")}`,
      {
        hint: "add the fields to a DetailFields document (orgsync export --fields-only writes the site's)",
      },
    );
  }
  const customerFields = seedFields(desired.entityFields?.customer);
  return {
    ...(options.predefinedFields === true ? { predefinedFields: true } : {}),
    fields: seedFields(desired.fields),
    ...(entitlementFields.length > 0 ? { entitlementFields } : {}),
    ...(customerFields.length > 0 ? { customerFields } : {}),
    // A reference shaped like a UUID is a product id: the product gets it as its id and name.
    products: [...products.values()].map((product) =>
      isProductId(product) ? { id: product, name: product } : { name: product },
    ),
    organizations,
    // A service desk named by its id gets that id (first, so no key takes it); by key, the key.
    ...(desks.size === 0
      ? {}
      : {
          serviceDesks: [...desks]
            .sort(
              ([a], [b]) => Number(/^\d+$/.test(b)) - Number(/^\d+$/.test(a)),
            )
            .map(([ref, linked]) =>
              /^\d+$/.test(ref)
                ? { id: ref, key: `SD${ref}`, organizations: linked }
                : { key: ref, organizations: linked },
            ),
        }),
  };
}

/** The declared fields of an entity (not to be deleted), as seed fields. */
function seedFields(fields: DesiredFields | undefined) {
  const present = (fields?.items ?? []).filter((f) => f.ensure !== "absent");
  return present.map((field) => ({
    name: field.name,
    type: field.type,
    ...(field.options === undefined ? {} : { options: field.options }),
  }));
}

/**
 * The entitlement values of an organization's products, by product as written; keys no
 * `entity: entitlement` document declares (`known`) are added to `undeclared`.
 */
function productValues(
  organization: DesiredOrganization,
  known: ReadonlySet<string>,
  undeclared: string[],
): Record<string, Record<string, readonly string[]>> | undefined {
  if (!organization.productDetails) return undefined;
  const values: Record<string, Record<string, readonly string[]>> = {};
  for (const { product, details } of organization.productDetails) {
    for (const detail of details) {
      if (!known.has(nameKey(detail.name))) {
        undeclared.push(
          `${formatLocation(detail.source)}: entitlement field ${JSON.stringify(detail.name)} of ${JSON.stringify(product)} in ${JSON.stringify(organization.name)}`,
        );
      }
      if (detail.values.length > 0) {
        (values[product] ??= {})[detail.name] = detail.values;
      }
    }
  }
  return Object.keys(values).length > 0 ? values : undefined;
}
